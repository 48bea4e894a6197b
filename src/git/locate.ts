import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { gitRaw } from './exec.js';

/** The folders of the work tree around a directory, with symlinks resolved. */
export interface RepositoryDirs {
  /** the work tree's top folder */
  topLevel: string;
  /** this worktree's git dir */
  gitDir: string;
  /** the git dir shared by every worktree (config, refs, hooks) */
  commonDir: string;
  /** a worktree made with `git worktree add` (its git dir is not the common one) */
  linked: boolean;
}

/**
 * The work tree around `dir`, or undefined outside one: synchronous and without simple-git, for
 * callers that must report on a broken set-up rather than stop at it (doctor, install), or that
 * word their own refusal (init). The CLI commands use `Repo.open` (./repo.ts), which refuses
 * with advice instead.
 */
export function locateRepository(dir: string): RepositoryDirs | undefined {
  const r = gitRaw(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { cwd: dir });
  const [topLevel, gitDir, common] = r.stdout.split('\n');
  if (r.code !== 0 || !topLevel || !gitDir || !common) return undefined;
  const git = realpathSync(gitDir);
  const commonDir = realpathSync(resolve(dir, common));
  return { topLevel: realpathSync(topLevel), gitDir: git, commonDir, linked: git !== commonDir };
}
