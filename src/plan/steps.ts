import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { andList } from '../core/english.js';
import { EXIT_RULE, FlowError, errorMessage } from '../errors.js';
import { redact } from '../core/redact.js';
import { strictGit } from '../git/repo.js';
import { sanitize } from '../ui/output.js';
import type { Step, StepContext } from './step.js';

/**
 * The step kinds. Each is a small value: what it will do (summary, detail), how (run) and, for
 * local effects, how to put things back (undo). Arguments go to git as arrays, never a shell string.
 */

/** git through simple-git, failing on any non-zero exit with git's last line of stderr. */
async function git(ctx: StepContext, args: string[]): Promise<string> {
  try {
    return (await strictGit(ctx.cwd).raw(args)).replace(/\n$/, '');
  } catch (error) {
    throw new FlowError(`git ${args[0]} failed: ${lastLine(String((error as Error).message ?? error))}`);
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? 'failed';
}

/**
 * git for the network (fetch, push), spawned directly: the user's whole environment passes
 * through (simple-git refuses GIT_SSH_COMMAND, GIT_CONFIG_GLOBAL… once an env is given), and with
 * no one at a terminal a credential prompt cannot wait forever. Output is captured; with `echo`
 * it also reaches stderr (through process.stderr, so a spinner steps aside), redacted.
 */
function gitNetwork(ctx: StepContext, args: string[], opts: { echo?: boolean } = {}): Promise<{ code: number; output: string }> {
  const env = process.stdin.isTTY ? process.env : { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  const child = spawn('git', args, { cwd: ctx.cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    if (opts.echo) process.stderr.write(redact(text));
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve, reject) => {
    child.on('error', (e) => reject(new FlowError(`git could not be started: ${e.message}; check that git is on PATH.`)));
    child.on('close', (c) => resolve({ code: c ?? 128, output }));
  });
}

async function maybe(ctx: StepContext, args: string[]): Promise<string | undefined> {
  try {
    return await git(ctx, args);
  } catch {
    return undefined;
  }
}

async function headOf(ctx: StepContext): Promise<{ branch?: string; sha?: string }> {
  const branch = await maybe(ctx, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (branch) return { branch };
  return { sha: await maybe(ctx, ['rev-parse', '--verify', '--quiet', 'HEAD']) };
}

async function switchBack(ctx: StepContext, to: { branch?: string; sha?: string }): Promise<void> {
  if (to.branch) await git(ctx, ['switch', '--quiet', to.branch]);
  else if (to.sha) await git(ctx, ['switch', '--quiet', '--detach', to.sha]);
}

/** `git fetch <remote> <refspecs…>`; soft by default: offline work goes on with what the clone has. */
export function fetch(remote: string, refspecs: string[], opts: { soft?: boolean; what?: string } = {}): Step<void> {
  return {
    kind: 'fetch',
    summary: `fetch ${opts.what ?? refspecs.join(' ')} from ${remote}`,
    detail: { remote, refspecs },
    soft: opts.soft ?? true,
    slow: true,
    remote: false,
    async run(ctx) {
      const { code, output } = await gitNetwork(ctx, ['fetch', '--quiet', '--no-tags', remote, ...refspecs]);
      if (code !== 0) {
        const said = sanitize(lastLine(output));
        throw new FlowError(/couldn't find remote ref/i.test(said) ? `${remote} has no such branch` : `git fetch failed: ${said}`);
      }
    },
  };
}

/** None of a new branch's start points exists (not even after the fetch). */
export class NoStartPointError extends FlowError {
  constructor(
    readonly branch: string,
    readonly candidates: string[],
  ) {
    super(`There is no ${candidates.join(' or ')} to start ${branch} from; create it first.`);
    this.name = 'NoStartPointError';
  }
}

/**
 * Create `name` at `startPoint` and check it out; undo switches back and deletes it. With
 * `orElse`, the first of `[startPoint, ...orElse]` that exists when the step runs (after a
 * fetch) is used; run() returns it.
 */
export function createBranch(name: string, startPoint: string, opts: { track?: boolean; orElse?: string[] } = {}): Step<string> {
  let before: { branch?: string; sha?: string } = {};
  const candidates = [startPoint, ...(opts.orElse ?? [])];
  return {
    kind: 'create-branch',
    summary: `create branch ${name} from ${candidates.join(' (or ')}${')'.repeat(candidates.length - 1)} and switch to it`,
    detail: { branch: name, startPoint, ...(opts.orElse?.length ? { orElse: opts.orElse } : {}) },
    async run(ctx) {
      let from: string | undefined;
      for (const c of candidates) {
        if (await maybe(ctx, ['rev-parse', '--verify', '--quiet', `${c}^{commit}`])) {
          from = c;
          break;
        }
      }
      if (!from) throw new NoStartPointError(name, candidates);
      before = await headOf(ctx);
      await git(ctx, ['switch', '--quiet', opts.track ? '--track' : '--no-track', '-c', name, from]);
      return from;
    },
    async undo(ctx) {
      await switchBack(ctx, before);
      await git(ctx, ['branch', '--quiet', '-D', name]);
    },
  };
}

/** Create `name` at `startPoint` without checking it out. */
export function branch(name: string, startPoint: string, opts: { track?: boolean } = {}): Step<void> {
  return {
    kind: 'create-branch',
    summary: `create branch ${name} from ${startPoint}`,
    detail: { branch: name, startPoint, switch: false },
    async run(ctx) {
      await git(ctx, ['branch', opts.track ? '--track' : '--no-track', name, startPoint]);
    },
    async undo(ctx) {
      await git(ctx, ['branch', '--quiet', '-D', name]);
    },
  };
}

export function switchTo(name: string): Step<void> {
  let before: { branch?: string; sha?: string } = {};
  return {
    kind: 'switch',
    summary: `switch to ${name}`,
    detail: { branch: name },
    async run(ctx) {
      before = await headOf(ctx);
      await git(ctx, ['switch', '--quiet', name]);
    },
    async undo(ctx) {
      await switchBack(ctx, before);
    },
  };
}

/** Delete a local branch; undo recreates it where it was. */
export function deleteBranch(name: string, opts: { force?: boolean } = {}): Step<void> {
  let sha: string | undefined;
  return {
    kind: 'delete-branch',
    summary: `delete local branch ${name}`,
    detail: { branch: name },
    async run(ctx) {
      sha = await maybe(ctx, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`]);
      await git(ctx, ['branch', '--quiet', opts.force ? '-D' : '-d', name]);
    },
    async undo(ctx) {
      if (sha) await git(ctx, ['branch', name, sha]);
    },
  };
}

/** Write a file (creating folders); undo restores what was there, or removes it. */
export function writeFile(path: string, content: string, opts: { display?: string } = {}): Step<void> {
  let previous: string | undefined;
  let existed = false;
  const display = opts.display ?? path;
  return {
    kind: 'write-file',
    summary: `write ${display}`,
    detail: { path: display, bytes: Buffer.byteLength(content) },
    async run(ctx) {
      const file = isAbsolute(path) ? path : join(ctx.cwd, path);
      existed = existsSync(file);
      previous = existed ? readFileSync(file, 'utf8') : undefined;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    },
    async undo(ctx) {
      const file = isAbsolute(path) ? path : join(ctx.cwd, path);
      if (existed && previous !== undefined) writeFileSync(file, previous);
      else rmSync(file, { force: true });
    },
  };
}

/** `git config --local key value`; undo restores the old value or unsets it. */
export function setConfig(key: string, value: string): Step<void> {
  let previous: string | undefined;
  return {
    kind: 'set-config',
    summary: `set git config ${key} = ${value}`,
    detail: { key, value },
    async run(ctx) {
      previous = await maybe(ctx, ['config', '--local', '--get', key]);
      await git(ctx, ['config', '--local', key, value]);
    },
    async undo(ctx) {
      if (previous !== undefined) await git(ctx, ['config', '--local', key, previous]);
      else await maybe(ctx, ['config', '--local', '--unset', key]);
    },
  };
}

/** `git add -- <paths>`; undo unstages them again. */
export function stage(paths: string[]): Step<void> {
  return {
    kind: 'stage',
    summary: `stage ${paths.join(', ')}`,
    detail: { paths },
    async run(ctx) {
      await git(ctx, ['add', '--', ...paths]);
    },
    async undo(ctx) {
      const head = await maybe(ctx, ['rev-parse', '--verify', '--quiet', 'HEAD']);
      if (head) await git(ctx, ['reset', '--quiet', 'HEAD', '--', ...paths]);
      else await git(ctx, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...paths]);
    },
  };
}

/** Run git with the hooks talking to the user on stderr; stdout stays for results. */
function gitLoud(ctx: StepContext, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: ctx.cwd, stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 128));
  });
}

/** git (or a hook) refused a commit; what it said is on stderr already. */
export class CommitRefusedError extends FlowError {
  constructor(readonly header: string) {
    super(`git refused the commit '${header}' (see above).`);
    this.name = 'CommitRefusedError';
  }
}

/** A commit of what is staged (or of `paths`); the repository's hooks run. Undo moves the branch back, keeping the changes staged. */
export function commit(message: string, opts: { paths?: string[]; allowEmpty?: boolean } = {}): Step<string> {
  let before: string | undefined;
  const header = message.split('\n')[0]!;
  return {
    kind: 'commit',
    summary: `commit "${header}"`,
    detail: { message, paths: opts.paths ?? null },
    async run(ctx) {
      before = await maybe(ctx, ['rev-parse', '--verify', '--quiet', 'HEAD']);
      const args = ['commit', '--quiet', '-m', message];
      if (opts.allowEmpty) args.push('--allow-empty');
      if (opts.paths) args.push('--', ...opts.paths);
      const code = await gitLoud(ctx, args);
      if (code !== 0) throw new CommitRefusedError(header);
      return await git(ctx, ['rev-parse', 'HEAD']);
    },
    async undo(ctx) {
      if (before) await git(ctx, ['reset', '--soft', '--quiet', before]);
      else await git(ctx, ['update-ref', '-d', 'HEAD']);
    },
  };
}

/** A revert that does not apply (or whose commit git refused): it was taken back, nothing changed. */
export class RevertError extends FlowError {
  constructor(
    message: string,
    readonly sha: string,
    readonly mainline: number | undefined,
  ) {
    super(message);
    this.name = 'RevertError';
  }
}

/** `git revert --no-edit [-m 1] <sha>` with a message of ours; undo drops the revert commit. */
export function revert(sha: string, message: string, opts: { mainline?: number } = {}): Step<string> {
  let before: string | undefined;
  return {
    kind: 'revert',
    summary: `revert ${sha.slice(0, 12)}${opts.mainline ? ` (mainline ${opts.mainline})` : ''} as "${message.split('\n')[0]}"`,
    detail: { sha, mainline: opts.mainline ?? null, message },
    async run(ctx) {
      before = await git(ctx, ['rev-parse', 'HEAD']);
      const args = ['revert', '--no-commit'];
      if (opts.mainline) args.push('-m', String(opts.mainline));
      try {
        await git(ctx, [...args, sha]);
      } catch (error) {
        await maybe(ctx, ['revert', '--abort']);
        throw new RevertError(errorMessage(error), sha, opts.mainline);
      }
      const code = await gitLoud(ctx, ['commit', '--quiet', '-m', message]);
      if (code !== 0) {
        await maybe(ctx, ['reset', '--hard', '--quiet', before]);
        // a hook refused it: not a revert that does not apply
        throw new CommitRefusedError(message.split('\n')[0]!);
      }
      return await git(ctx, ['rev-parse', 'HEAD']);
    },
    async undo(ctx) {
      if (before) await git(ctx, ['reset', '--hard', '--quiet', before]);
    },
  };
}

/** The files git left unmerged, relative to the work tree. */
async function unmerged(ctx: StepContext): Promise<string[]> {
  const out = await maybe(ctx, ['diff', '--name-only', '--diff-filter=U', '-z']);
  return out ? out.split('\0').filter(Boolean) : [];
}

/** A rebase or merge stopped on a conflict and waits for the user; nothing was lost (exit 1). */
export class ConflictError extends FlowError {
  constructor(
    message: string,
    readonly files: string[],
    readonly strategy: 'merge' | 'rebase',
  ) {
    super(message, 1);
    this.name = 'ConflictError';
  }
}

/**
 * Bring the checked-out branch up to date with `onto`: `git merge --no-edit -m <message> <onto>`
 * or `git rebase [--onto <onto> <from>] <onto>` (`from`: drop the commits up to it, e.g. a
 * squash-merged parent's, which would otherwise replay as phantom conflicts). A conflict is left
 * in place for the user with the exact commands to go on or back (ConflictError), and `resume`,
 * the caller's own next step once it is resolved; any other failure is aborted. Undo puts the
 * branch back where it was.
 */
export function integrate(
  branchName: string,
  onto: string,
  opts: { strategy: 'merge' | 'rebase'; message?: string; from?: string; ffOnly?: boolean; resume?: string },
): Step<{ before: string; after: string; changed: boolean }> {
  let before: string | undefined;
  const verb = opts.strategy === 'rebase' ? `rebase ${branchName} onto ${onto}` : `merge ${onto} into ${branchName}`;
  return {
    kind: 'integrate',
    summary: opts.from ? `${verb} (leaving out the commits up to ${opts.from.slice(0, 12)})` : verb,
    detail: { branch: branchName, onto, strategy: opts.strategy, from: opts.from ?? null, message: opts.message ?? null },
    async run(ctx) {
      before = await git(ctx, ['rev-parse', 'HEAD']);
      const args =
        opts.strategy === 'rebase'
          ? ['rebase', '--quiet', ...(opts.from ? ['--onto', onto, opts.from] : [onto])]
          : ['merge', '--quiet', '--no-edit', ...(opts.ffOnly ? ['--ff-only'] : []), ...(opts.message ? ['-m', opts.message] : []), onto];
      const code = await gitLoud(ctx, args);
      if (code !== 0) {
        const files = await unmerged(ctx);
        if (files.length > 0) {
          const list = files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
          const resume = opts.resume ? `, and ${opts.resume}` : '';
          throw new ConflictError(
            opts.strategy === 'rebase'
              ? `Rebasing ${branchName} onto ${onto} stopped on a conflict in ${list}. Resolve it, then \`git add <file>\` and \`git rebase --continue\` (again for each commit that stops)${resume}; or \`git rebase --abort\` puts ${branchName} back as it was.`
              : `Merging ${onto} into ${branchName} stopped on a conflict in ${list}. Resolve it, then \`git add <file>\` and \`git commit --no-edit\`${resume}; or \`git merge --abort\` puts ${branchName} back as it was.`,
            files,
            opts.strategy,
          );
        }
        await maybe(ctx, opts.strategy === 'rebase' ? ['rebase', '--abort'] : ['merge', '--abort']);
        await maybe(ctx, ['reset', '--hard', '--quiet', before]);
        throw new FlowError(`git ${opts.strategy} of ${onto} into ${branchName} failed (see above); ${branchName} is as it was.`);
      }
      const after = await git(ctx, ['rev-parse', 'HEAD']);
      return { before, after, changed: after !== before };
    },
    async undo(ctx) {
      if (before) await git(ctx, ['reset', '--hard', '--quiet', before]);
    },
  };
}

/**
 * `git push [-u] <remote> <refspec>`: remote, so never undone. git's and the pre-push hook's
 * words reach the user on stderr (through process.stderr, so a spinner steps aside, and
 * redacted); the failure says why in one sentence: refused by origin or by the hook is exit 1.
 */
export function push(remote: string, branchName: string, opts: { setUpstream?: boolean; forceWithLease?: boolean | string; soft?: boolean } = {}): Step<void> {
  const args = ['push'];
  if (opts.setUpstream) args.push('--set-upstream');
  // `--force-with-lease=<ref>:<sha>`: overwrite only what we last saw there
  if (typeof opts.forceWithLease === 'string') args.push(`--force-with-lease=refs/heads/${branchName}:${opts.forceWithLease}`);
  else if (opts.forceWithLease) args.push('--force-with-lease');
  args.push(remote, `refs/heads/${branchName}:refs/heads/${branchName}`);
  return {
    kind: 'push',
    summary: `push ${branchName} to ${remote}${opts.setUpstream ? ' (set upstream)' : ''}${opts.forceWithLease ? ' (force with lease)' : ''}`,
    detail: { remote, branch: branchName, setUpstream: Boolean(opts.setUpstream), forceWithLease: Boolean(opts.forceWithLease) },
    remote: true,
    soft: opts.soft,
    slow: true,
    async run(ctx) {
      const { code, output } = await gitNetwork(ctx, args, { echo: true });
      if (code !== 0) throw pushFailure(remote, branchName, code, output);
    },
  };
}

/**
 * A new repository's first push, to a remote with no branch at all: its long-lived branches
 * cannot come through a pull request (there is nothing to open one against), so this one push
 * runs without the pre-push hooks (`--no-verify`). An empty lease per branch makes git itself
 * refuse if any of them exists there by now, and `--atomic` pushes all or none.
 */
export function firstPush(remote: string, branches: string[]): Step<void> {
  const names = andList(branches);
  return {
    kind: 'push',
    summary: `push ${names} to the empty ${remote} (its first branches, without the pre-push hooks)`,
    detail: { remote, branches, setUpstream: true, noVerify: true },
    remote: true,
    slow: true,
    async run(ctx) {
      const args = ['push', '--set-upstream', '--atomic', '--no-verify', ...branches.map((b) => `--force-with-lease=refs/heads/${b}:`), remote, ...branches.map((b) => `refs/heads/${b}:refs/heads/${b}`)];
      const { code, output } = await gitNetwork(ctx, args, { echo: true });
      if (code !== 0) throw pushFailure(remote, names, code, output);
    },
  };
}

function pushFailure(remote: string, branchName: string, code: number, said: string): FlowError {
  const name = sanitize(branchName);
  if (/\[remote rejected\]/.test(said)) return new FlowError(`${remote} refused ${name} (see its reason above); fix what it reports and run the command again.`, EXIT_RULE);
  if (/\[rejected\]|non-fast-forward|fetch first/.test(said)) {
    return new FlowError(`${remote} has commits on ${name} that you do not have, so the push was refused; run \`git pull --rebase\` and run the command again.`);
  }
  if (code === 1 && !/^fatal:/m.test(said)) {
    return new FlowError(`The push of ${name} was refused by the pre-push hook (see above); fix what it reports and run the command again.`, EXIT_RULE);
  }
  return new FlowError(`git push of ${name} to ${remote} failed (exit ${code}, see above); fix the problem and run the command again, or use --no-push.`);
}

/**
 * A call to the forge (create a PR, PUT a ruleset…): remote, never undone. `request` is what
 * --dry-run prints (METHOD URL and the JSON body); `send` does it.
 */
export function apiRequest<T>(
  request: { method: string; url: string; body?: unknown },
  send: () => Promise<T>,
  opts: { kind?: 'api-request' | 'open-pr'; summary?: string; soft?: boolean } = {},
): Step<T> {
  return {
    kind: opts.kind ?? 'api-request',
    summary: opts.summary ?? `${request.method} ${request.url}`,
    detail: { method: request.method, url: request.url, body: request.body ?? null },
    remote: true,
    slow: true,
    soft: opts.soft,
    run: () => send(),
  };
}

/** A local effect that is not plain git (install the hooks…), with its own undo when it has one. */
export function localAction<T>(kind: Step['kind'], summary: string, detail: Record<string, unknown>, run: (ctx: StepContext) => Promise<T>, undo?: (ctx: StepContext) => Promise<void>): Step<T> {
  return { kind, summary, detail, run, undo };
}
