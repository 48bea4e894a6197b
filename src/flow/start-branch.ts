import { spawnSync } from 'node:child_process';
import { FlowError } from '../errors.js';
import { git, gitMaybe } from '../git/exec.js';
import { shellQuote } from '../core/shell-quote.js';
import { baseStartPoint, commitOf } from './worktree.js';
import { info, sanitize, warn } from '../ui/output.js';

/**
 * Create and check out a flow branch from the tip of its base: fetch `<base>` from origin
 * (offline: warn and go on), start from `origin/<base>` when it exists, else the local `<base>`.
 * Read → plan → execute; nothing is changed until the one `git switch -c`.
 */

export interface CreateFlowBranchOptions {
  cwd: string;
  name: string;
  base: string;
  fetch: boolean;
  /** the production branch, named in the advice when the base is missing (default main) */
  main?: string;
}

export interface CreatedBranch {
  /** what the branch starts from: `origin/develop` or `develop` */
  startPoint: string;
  /** whether the base was fetched from origin just now */
  fetched: boolean;
}

const FETCH_TIMEOUT_MS = 60_000;

export function hasOrigin(cwd: string): boolean {
  return gitMaybe(['remote', 'get-url', 'origin'], { cwd }) !== undefined;
}

function refuseExisting(cwd: string, name: string, origin: boolean): void {
  if (commitOf(cwd, `refs/heads/${name}`)) {
    throw new FlowError(`A branch named '${name}' already exists; switch to it with \`git switch ${shellQuote(name)}\` or choose another description.`);
  }
  if (origin && commitOf(cwd, `refs/remotes/origin/${name}`)) {
    throw new FlowError(`A branch named '${name}' already exists on origin; check it out with \`git switch ${shellQuote(name)}\` or choose another description.`);
  }
}

/** `git fetch origin <base>` into `origin/<base>`; false (with a warning) when it cannot. */
export function fetchBase(cwd: string, base: string): boolean {
  info(`Fetching ${base} from origin…`);
  const env = { ...process.env };
  // With no one at the terminal, a credential prompt would wait forever.
  if (!process.stdin.isTTY) env.GIT_TERMINAL_PROMPT = '0';
  const r = spawnSync('git', ['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${base}:refs/remotes/origin/${base}`], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: FETCH_TIMEOUT_MS,
  });
  if (r.status === 0) return true;
  const detail = sanitize((r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? (r.error ? r.error.message : `exit ${r.status}`));
  if (/couldn't find remote ref/i.test(detail)) {
    warn(`origin has no branch '${base}'; starting from the local ${base}.`);
  } else {
    warn(`could not fetch ${base} from origin (${detail}); starting from what this clone already has.`);
  }
  return false;
}

export async function createFlowBranch(opts: CreateFlowBranchOptions): Promise<CreatedBranch> {
  const { cwd, name, base } = opts;
  const origin = hasOrigin(cwd);
  refuseExisting(cwd, name, origin);

  const fetched = origin && opts.fetch ? fetchBase(cwd, base) : false;
  if (fetched) refuseExisting(cwd, name, origin);

  const start = baseStartPoint(cwd, base, origin);
  if (!start) {
    const main = opts.main ?? 'main';
    const hint =
      base === main
        ? `create it first (git switch -c ${shellQuote(base)} and commit), or set branches.main in the flowgate config`
        : `create it with \`git branch ${shellQuote(base)} ${shellQuote(main)}\`, or set branches.develop to null in the flowgate config for trunk-based work`;
    throw new FlowError(`There is no branch '${base}' to start from, locally or on origin; ${hint}.`);
  }

  git(['switch', '--quiet', '--no-track', '-c', name, start.ref], { cwd });
  return { startPoint: start.startPoint, fetched };
}
