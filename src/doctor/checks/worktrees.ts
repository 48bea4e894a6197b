import { gitMaybe } from '../../git/exec.js';
import { ok, warn, type Check } from '../types.js';

interface Worktree {
  path: string;
  branch?: string;
  detached: boolean;
  bare: boolean;
  prunable: boolean;
}

export function parseWorktrees(porcelain: string): Worktree[] {
  const list: Worktree[] = [];
  for (const block of porcelain.split(/\n\n+/)) {
    const lines = block.split('\n').filter(Boolean);
    const path = lines.find((l) => l.startsWith('worktree '))?.slice('worktree '.length);
    if (!path) continue;
    const branch = lines.find((l) => l.startsWith('branch '))?.slice('branch '.length).replace(/^refs\/heads\//, '');
    list.push({ path, branch, detached: lines.includes('detached'), bare: lines.includes('bare'), prunable: lines.some((l) => l.startsWith('prunable')) });
  }
  return list;
}

export const worktrees: Check = (ctx) => {
  if (!ctx.repo) return [];
  const out = gitMaybe(['worktree', 'list', '--porcelain'], { cwd: ctx.repo.topLevel });
  if (out === undefined) return [];
  const list = parseWorktrees(out).filter((w) => !w.bare);
  const describe = list.map((w) => `${w.path} (${w.branch ?? (w.detached ? 'detached' : '?')})`).join(', ');
  const prunable = list.filter((w) => w.prunable);
  if (prunable.length) return [warn('worktrees', `${list.length}: ${describe}; gone from disk: ${prunable.map((w) => w.path).join(', ')}`, 'git worktree prune')];
  return [ok('worktrees', list.length <= 1 ? 'one (no linked worktrees)' : `${list.length}, sharing the hooks in .git/hooks: ${describe}`)];
};

