import { FlowError } from '../errors.js';

// Plain `git` through execFile-style spawns with an argument array, never a shell string, and
// nothing to load: the hooks (where start-up time counts) and today's commands run git this way.

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function gitRaw(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): GitResult {
  // Loaded on first use: node:child_process brings net and streams with it, which a commit-msg
  // hook that asks git nothing would load for no use.
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const r = spawnSync('git', args, {
    cwd: opts.cwd,
    input: opts.input,
    env: opts.env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new FlowError(code === 'ENOENT' ? 'git was not found on PATH; install git or fix PATH.' : `git failed to start: ${r.error.message}`);
  }
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

/** Run git and return trimmed stdout; throw a FlowError with git's own words on failure. */
export function git(args: string[], opts: { cwd?: string; input?: string } = {}): string {
  const r = gitRaw(args, opts);
  if (r.code !== 0) {
    const detail = r.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${r.code}`;
    throw new FlowError(`git ${args[0]} failed: ${detail}`);
  }
  return r.stdout.replace(/\n$/, '');
}

/** git's stdout, or undefined when it exits non-zero (for queries whose failure means "no"). */
export function gitMaybe(args: string[], opts: { cwd?: string } = {}): string | undefined {
  const r = gitRaw(args, opts);
  return r.code === 0 ? r.stdout.replace(/\n$/, '') : undefined;
}
