import { readFileSync } from 'node:fs';
import { EXIT_OK, EXIT_RULE } from '../errors.js';
import { evaluatePush, parsePushLines, pushedTips } from '../core/prepush.js';
import { gitRaw } from '../git/exec.js';
import { protectedMatcher } from '../core/protected.js';
import { formatProblems } from '../lint/commitlint.js';
import { hookLinter } from './linter.js';
import { info, paint, sanitize } from '../ui/output.js';
import type { HookContext } from './context.js';
import { subjectOf } from '../core/message.js';

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return ''; // no stdin (run by hand, or closed): nothing to check
  }
}

export interface PushedCommit {
  sha: string;
  message: string;
}

/** Every non-merge commit reachable from the pushed tips that no remote-tracking ref has yet: one git call. */
export function newCommits(tips: string[]): PushedCommit[] {
  if (tips.length === 0) return [];
  const r = gitRaw(['log', '-z', '--no-merges', '--format=%H%n%B', '--stdin', '--not', '--remotes'], { input: tips.join('\n') + '\n' });
  if (r.code !== 0) throw new Error(`git log failed: ${r.stderr.trim()}`);
  // `<object id>\n<message>`: 40 hex digits, or 64 in a SHA-256 repository.
  const commits: PushedCommit[] = [];
  for (const entry of r.stdout.split('\0')) {
    const match = /^\n?([0-9a-f]{40}(?:[0-9a-f]{24})?)\n/.exec(entry);
    if (match) commits.push({ sha: match[1]!, message: entry.slice(match[0].length).replace(/\n+$/, '') });
  }
  return commits;
}

/** A remote name git can read as such (not a URL, not a pattern): only those have tracking refs. */
const isRemoteName = (remote: string) => /^[A-Za-z0-9._-]+$/.test(remote);

/** The commits of `remote`'s protected branches, as its remote-tracking refs show; read once. */
function protectedTips(remote: string, isProtected: (branch: string) => boolean): () => string[] {
  let tips: string[] | undefined;
  return () => {
    if (tips) return tips;
    if (!isRemoteName(remote)) return (tips = []);
    const prefix = `refs/remotes/${remote}/`;
    return (tips = gitRaw(['for-each-ref', '--format=%(objectname) %(refname)', prefix])
      .stdout.split('\n')
      .map((line) => line.split(' '))
      .filter(([id, ref]) => id && ref && ref !== `${prefix}HEAD` && isProtected(ref.slice(prefix.length)))
      .map(([id]) => id!));
  };
}

/** Whether `sha` and all its history are on the remote's protected branches (`tips`). */
function reviewedOn(tips: () => string[]): (sha: string) => boolean {
  return (sha) => {
    const bases = tips();
    if (bases.length === 0) return false;
    const r = gitRaw(['rev-list', '-n', '1', sha, '--not', ...bases, '--']);
    return r.code === 0 && r.stdout.trim() === '';
  };
}

/** pre-push: protected branches, new branch names, and the messages of the commits the push adds. */
export async function prePush(ctx: HookContext, args: string[]): Promise<number> {
  const checks = ctx.loaded.config.hooks['pre-push'];
  const remote = args[0] ?? 'the remote';
  const updates = parsePushLines(readStdin());
  if (updates.length === 0) return EXIT_OK;
  const tips = protectedTips(remote, protectedMatcher(ctx.loaded.config.protected));
  const problems: string[] = [];
  const refusals = evaluatePush(updates, ctx.loaded.config, {
    protectedBranch: checks.includes('protected-branch'),
    branchName: checks.includes('branch-name'),
  }, sanitize(remote), { reviewed: reviewedOn(tips) });
  for (const r of refusals) problems.push(`  ✖ ${sanitize(r.reason)}`);

  if (checks.includes('commit-messages')) {
    const commits = newCommits(pushedTips(updates));
    if (commits.length) {
      const lint = await hookLinter(ctx);
      const seen = new Map<string, Awaited<ReturnType<typeof lint>>>();
      for (const c of commits) {
        let outcome = seen.get(c.message);
        if (!outcome) {
          outcome = await lint(c.message);
          seen.set(c.message, outcome);
        }
        if (!outcome.valid) {
          problems.push(`  ✖ commit ${c.sha.slice(0, 8)} "${sanitize(subjectOf(c.message)).slice(0, 72)}":`);
          problems.push(...formatProblems({ ...outcome, warnings: [] }).map((l) => `  ${l}`));
        }
      }
    }
  }
  if (problems.length === 0) return EXIT_OK;
  const advice = refusals.length
    ? '  Push your work to a feature branch and open a pull request instead: npx flowgate pr (or npx flow pr)'
    : '  Reword the commits (git rebase -i) so their messages follow the convention, then push again.';
  // Only protected branches created, nothing else wrong, and no tracking refs of the remote's
  // protected branches: most likely a new repository's first push (or a clone never fetched).
  const onlyCreations = problems.length === refusals.length && refusals.every((r) => r.createsProtected);
  const first = refusals.length > 0 && onlyCreations && isRemoteName(remote) && tips().length === 0
    ? [
        `  A new repository's first push? ${sanitize(remote)} has none of its protected branches yet, as far as this clone knows: \`npx flowgate init\` makes that push, or push once with \`git push --no-verify\`.`,
        `  If ${sanitize(remote)} has branches already, run \`git fetch ${sanitize(remote)}\` and push again.`,
      ]
    : [];
  info([paint('red', 'flowgate: push refused:'), ...problems, advice, ...first].join('\n'));
  return EXIT_RULE;
}
