import { isAbsolute, resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { FlowError } from '../errors.js';

/**
 * The one read-only view of a repository the CLI commands use, on simple-git (the user's choice:
 * typed results, errors as GitError). Queries only: changes go through the plan executor
 * (src/plan/), and the hook path keeps its own minimal execFile (./exec.ts) for start-up speed.
 */

const NOT_A_REPO = 'This is not inside a git work tree; cd into your repository (or run `git init`) and try again.';

/** simple-git treats an exit code with empty stderr as success; here any non-zero exit is a failure (queries and plan steps alike). */
export function strictGit(baseDir: string): SimpleGit {
  return simpleGit({
    baseDir,
    errors(error, result) {
      if (error) return error;
      if (result.exitCode === 0) return undefined;
      return Buffer.concat([...result.stdErr, ...result.stdOut]);
    },
  });
}

export interface Worktree {
  path: string;
  branch?: string;
  detached: boolean;
  bare: boolean;
  prunable: boolean;
}

/** `git worktree list --porcelain`, one entry per worktree. */
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

export interface StartPoint {
  /** what the branch starts from, as people write it: `origin/develop` or `develop` */
  startPoint: string;
  /** the full ref */
  ref: string;
  sha: string;
}

export class Repo {
  private constructor(
    readonly git: SimpleGit,
    /** the work tree's top folder */
    readonly root: string,
    /** this worktree's git dir (HEAD, COMMIT_EDITMSG, flowgate's saved messages) */
    readonly gitDir: string,
    /** the git dir shared by every worktree (config, refs, hooks) */
    readonly commonDir: string,
  ) {}

  /** The repository around `cwd`; the single "am I in a repository?" check, exit 2 with advice when not. */
  static async open(cwd: string = process.cwd()): Promise<Repo> {
    let out: string;
    try {
      out = await strictGit(cwd).raw(['rev-parse', '--is-inside-work-tree', '--show-toplevel', '--absolute-git-dir', '--git-common-dir']);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || /spawn git ENOENT/.test(String(error))) {
        throw new FlowError('git was not found on PATH; install git or fix PATH.');
      }
      throw new FlowError(NOT_A_REPO);
    }
    const [inside, root, gitDir, common] = out.trim().split('\n');
    if (inside !== 'true' || !root || !gitDir || !common) throw new FlowError(NOT_A_REPO);
    // git prints a relative common dir relative to where it ran, not to the top level
    const commonDir = isAbsolute(common) ? common : resolve(cwd, common);
    return new Repo(strictGit(root), root, gitDir, commonDir);
  }

  /** git's stdout (trailing newline dropped), or undefined when it exits non-zero: for queries whose failure means "no". */
  async maybe(args: string[]): Promise<string | undefined> {
    try {
      return (await this.git.raw(args)).replace(/\n$/, '');
    } catch {
      return undefined;
    }
  }

  /** The checked-out branch, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    return (await this.maybe(['symbolic-ref', '--quiet', '--short', 'HEAD'])) || undefined;
  }

  /** The current branch, or exit 2 with advice when HEAD is detached. */
  async requireBranch(doing: string): Promise<string> {
    const branch = await this.currentBranch();
    if (!branch) throw new FlowError(`HEAD is detached, so there is no branch to ${doing}; switch to a branch first (git switch <branch>).`);
    return branch;
  }

  /** The commit a ref names, or undefined when it names none. */
  async commitOf(ref: string): Promise<string | undefined> {
    return (await this.maybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) || undefined;
  }

  async hasBranch(name: string): Promise<boolean> {
    return (await this.commitOf(`refs/heads/${name}`)) !== undefined;
  }

  /** Local branch names. */
  async branches(): Promise<string[]> {
    const out = await this.maybe(['for-each-ref', '--format=%(refname:short)', 'refs/heads/']);
    return out ? out.split('\n').filter(Boolean) : [];
  }

  /** Branch names on a remote, as this clone last saw them (no network). */
  async remoteBranches(remote = 'origin'): Promise<string[]> {
    const out = await this.maybe(['for-each-ref', '--format=%(refname)', `refs/remotes/${remote}/`]);
    const prefix = `refs/remotes/${remote}/`;
    return out ? out.split('\n').filter((r) => r && r !== `${prefix}HEAD`).map((r) => r.slice(prefix.length)) : [];
  }

  async hasRemote(name = 'origin'): Promise<boolean> {
    return (await this.remoteUrl(name)) !== undefined;
  }

  /** A remote's fetch URL as configured (may hold credentials: never print it unredacted). */
  async remoteUrl(name = 'origin'): Promise<string | undefined> {
    return (await this.maybe(['remote', 'get-url', name])) || undefined;
  }

  /** A git config value as git resolves it (all scopes), or undefined. */
  async config(key: string): Promise<string | undefined> {
    return await this.maybe(['config', '--get', key]);
  }

  /** Tag names matching a glob (`v*`), newest version first. */
  async tags(glob = '*'): Promise<string[]> {
    const out = await this.maybe(['tag', '--list', '--sort=-v:refname', glob]);
    return out ? out.split('\n').filter(Boolean) : [];
  }

  /** Where work on `base` starts: `origin/<base>` when it exists (and origin is looked at), else the local `<base>`. */
  async startPoint(base: string, origin = true): Promise<StartPoint | undefined> {
    const candidates: [ref: string, startPoint: string][] = [[`refs/heads/${base}`, base]];
    if (origin) candidates.unshift([`refs/remotes/origin/${base}`, `origin/${base}`]);
    for (const [ref, startPoint] of candidates) {
      const sha = await this.commitOf(ref);
      if (sha) return { startPoint, ref, sha };
    }
    return undefined;
  }

  /** [ahead, behind] of `ref` against `other`, or nulls when either cannot be read. */
  async aheadBehind(ref: string, other: string): Promise<[number | null, number | null]> {
    const out = await this.maybe(['rev-list', '--left-right', '--count', `${other}...${ref}`, '--']);
    const m = out?.match(/^(\d+)\s+(\d+)$/);
    return m ? [Number(m[2]), Number(m[1])] : [null, null];
  }

  /** Whether `ancestor` is reachable from `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return (await this.maybe(['merge-base', '--is-ancestor', ancestor, descendant])) !== undefined;
  }

  /** The commits in `range` (`origin/develop..HEAD`), oldest first, no merges; [] when it cannot be read. */
  async commits(range: string, max = 100): Promise<{ sha: string; subject: string; body: string }[]> {
    const out = await this.maybe(['log', '-z', '--no-merges', `--max-count=${max}`, '--format=%H%x1f%s%x1f%b', range, '--']);
    if (!out) return [];
    return out
      .split('\0')
      .filter((r) => r.trim() !== '')
      .map((r) => {
        const [sha = '', subject = '', body = ''] = r.replace(/^\n/, '').split('\x1f');
        return { sha, subject, body: body.trim() };
      })
      .reverse();
  }

  /** This repository's worktrees (the main one first); [] when git cannot list them. */
  async worktrees(): Promise<Worktree[]> {
    return parseWorktrees((await this.maybe(['worktree', 'list', '--porcelain'])) ?? '');
  }

  /** Staged, unstaged or untracked changes in the work tree. */
  async isClean(): Promise<boolean> {
    return (await this.maybe(['status', '--porcelain'])) === '';
  }

  /** Staged or unstaged changes to tracked files (untracked files do not count: a switch keeps them). */
  async hasTrackedChanges(): Promise<boolean> {
    return (await this.maybe(['status', '--porcelain', '--untracked-files=no'])) !== '';
  }
}
