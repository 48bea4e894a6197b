import { Repo } from '../../git/repo.js';
import { ok, warn, type Check } from '../types.js';

export const worktrees: Check = async (ctx) => {
  if (!ctx.repo) return [];
  const all = await (await Repo.open(ctx.repo.topLevel)).worktrees();
  if (all.length === 0) return []; // git could not list them (there is always the main one)
  const list = all.filter((w) => !w.bare);
  const describe = list.map((w) => `${w.path} (${w.branch ?? (w.detached ? 'detached' : '?')})`).join(', ');
  const prunable = list.filter((w) => w.prunable);
  if (prunable.length) return [warn('worktrees', `${list.length}: ${describe}; gone from disk: ${prunable.map((w) => w.path).join(', ')}`, 'git worktree prune')];
  return [ok('worktrees', list.length <= 1 ? 'one (no linked worktrees)' : `${list.length}, sharing the hooks in .git/hooks: ${describe}`)];
};
