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
