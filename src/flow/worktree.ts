import { FlowError } from '../errors.js';
import { gitMaybe } from '../git/exec.js';

/** Commands that work on a repository start here: a clear exit 2 outside a work tree. */
export function requireWorkTree(cwd: string): void {
  if (gitMaybe(['rev-parse', '--is-inside-work-tree'], { cwd }) !== 'true') {
    throw new FlowError('This is not inside a git work tree; cd into your repository (or run `git init`) and try again.');
  }
}

/** This worktree's git dir (absolute): HEAD, COMMIT_EDITMSG and flowgate's saved messages live here. */
export function gitDirOf(cwd: string): string {
  const dir = gitMaybe(['rev-parse', '--absolute-git-dir'], { cwd });
  if (!dir) throw new FlowError('This is not inside a git repository; cd into your repository and try again.');
  return dir;
}

/** The commit a ref names, or undefined when it names none. */
export function commitOf(cwd: string, ref: string): string | undefined {
  return gitMaybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd });
}

/** Where work on `base` starts: `origin/<base>` when it exists (and origin is looked at), else the local `<base>`. */
export function baseStartPoint(cwd: string, base: string, origin = true): { startPoint: string; ref: string; sha: string } | undefined {
  const candidates: [ref: string, startPoint: string][] = [[`refs/heads/${base}`, base]];
  if (origin) candidates.unshift([`refs/remotes/origin/${base}`, `origin/${base}`]);
  for (const [ref, startPoint] of candidates) {
    const sha = commitOf(cwd, ref);
    if (sha) return { startPoint, ref, sha };
  }
  return undefined;
}
