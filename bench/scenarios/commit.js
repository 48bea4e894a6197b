// commit: `git commit -q --allow-empty -m "feat: x"` in each variant's repository, flowgate's sh
// dispatch alone (FLOWGATE_SKIP=1), and `node -e ''` on its own (the floor of any Node hook).
import { usable } from '../variants.js';

const VARIANTS = [
  ['bare', 'git commit, no hooks'],
  ['sh', 'git commit, sh hook (exit 0)'],
  ['nodehook', "git commit, hook running node -e ''"],
  ['flowgate', 'git commit, flowgate'],
  ['flowgateSkip', 'git commit, flowgate with FLOWGATE_SKIP=1 (sh dispatch only)'],
  ['flowgateInit', 'git commit, flowgate + flowgate.config.json (after flow init)'],
  ['flowgateTs', 'git commit, flowgate + commitlint.config.ts'],
  ['husky', 'git commit, husky + npx commitlint'],
];

export function commitCases(ctx) {
  const cases = [];
  const args = ['commit', '-q', '--allow-empty', '-m', 'feat: x'];
  for (const [key, label] of VARIANTS) {
    const repo = key === 'flowgateSkip' ? 'flowgate' : key;
    if (!usable(ctx, repo)) continue;
    const env = key === 'flowgateSkip' ? { ...ctx.env, FLOWGATE_SKIP: '1' } : undefined;
    cases.push({ id: `commit.${key}`, group: 'commit', label, cmd: 'git', args, cwd: ctx.repos[repo].dir, env });
  }
  cases.push({ id: 'commit.nodeE', group: 'commit', label: "node -e '' (alone)", cmd: process.execPath, args: ['-e', ''], cwd: ctx.base });
  return cases;
}
