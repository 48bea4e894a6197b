// push n: `git push` of a branch with n new commits, no hooks vs flowgate (the remote is reset
// before each run, so the whole branch goes again), and `commitlint --from --to` over the same
// commits: what a husky pre-push running commitlint would add.
import { pushBranch, resetRemote } from '../lib/repos.js';
import { usable } from '../variants.js';

export function pushCases(ctx) {
  const cases = [];
  for (const n of ctx.options.pushSizes) {
    const branch = pushBranch(n);
    for (const [key, label] of [
      ['bare', 'git push, no hooks'],
      ['flowgate', 'git push, flowgate'],
    ]) {
      if (!usable(ctx, key)) continue;
      const repo = ctx.repos[key];
      cases.push({
        id: `push${n}.${key}`,
        group: `push${n}`,
        label: `${label} (${n} new commit${n === 1 ? '' : 's'})`,
        cmd: 'git',
        args: ['push', '-q', 'origin', branch],
        cwd: repo.dir,
        before: () => resetRemote(ctx, repo, branch),
      });
    }
    if (ctx.repos.husky) cases.push(commitlintRange(ctx, n, `push${n}`));
  }
  return cases;
}

/** `npx --no -- commitlint --from main --to feature/<n>-push` in the husky repository. */
export function commitlintRange(ctx, n, group) {
  return {
    id: `push${n}.commitlint`,
    group,
    label: `npx commitlint --from --to (${n} commit${n === 1 ? '' : 's'})`,
    cmd: 'npx',
    args: ['--no', '--', 'commitlint', '--from', 'main', '--to', pushBranch(n)],
    cwd: ctx.repos.husky.dir,
  };
}
