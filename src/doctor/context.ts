import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findPackageDir, loadConfig } from '../config/load.js';
import { effectiveHooksPath } from '../git/hooks-path.js';
import { locateRepository } from '../git/locate.js';
import { DISPATCHER_DIR, hooksPathOwner, isFlowgateDispatcher } from '../install/layout.js';
import { detectPackageManager } from '../templates/package-manager.js';
import { same, type DoctorContext, type HooksState } from './types.js';

/** Where git runs the hooks from, as git itself decides: the effective core.hooksPath, else .git/hooks. */
function hooksState(topLevel: string, commonDir: string, gitDir = commonDir): HooksState {
  const gitHooks = join(commonDir, 'hooks');
  const found = effectiveHooksPath(topLevel);
  if (found === undefined) return { dir: gitHooks, source: 'default', layout: 'flowgate' };
  const { value } = found;
  // `file:<path>` (relative to the work tree for .git/config); `command line:` for git -c
  const file = found.origin.startsWith('file:') ? resolve(topLevel, found.origin.slice('file:'.length)) : undefined;
  const source: HooksState['source'] = !file ? 'inherited' : same(file, join(gitDir, 'config.worktree')) ? 'worktree' : same(file, join(commonDir, 'config')) ? 'local' : 'inherited';
  const dir = resolve(topLevel, value.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
  const owner = hooksPathOwner(value, topLevel, gitHooks);
  let layout: HooksState['layout'] = owner === 'husky' ? 'husky' : owner === 'flowgate' ? 'flowgate' : 'foreign';
  // an older flowgate wrote .husky/_ with its own dispatcher
  if (layout === 'husky') {
    try {
      if (isFlowgateDispatcher(readFileSync(join(dir, 'h'), 'utf8'))) layout = 'flowgate';
    } catch {
      // no h there: husky's path, nothing in it
    }
  }
  // an absolute path to a .git/hooks folder (the global-shadow case) that is not this repository's
  if (layout === 'foreign' && existsSync(join(dir, DISPATCHER_DIR, 'h'))) layout = 'flowgate';
  return { dir, source, value, layout, ...(file ? { origin: file } : {}) };
}

/** Read the context every check shares: where the repository, the package and the hooks are. */
export function doctorContext(cwd: string, env: NodeJS.ProcessEnv = process.env): DoctorContext {
  // Not Repo.open: that refuses outside a work tree, where doctor reports it as one result among
  // the others, and it is async while this context is built synchronously (the checks' tests do).
  const repo = locateRepository(cwd);
  let packageDir = findPackageDir(cwd);
  try {
    packageDir = realpathSync(packageDir);
  } catch {
    // keep it as found
  }
  let mainPackageDir = packageDir;
  if (repo?.linked && repo.commonDir.endsWith('/.git')) mainPackageDir = join(dirname(repo.commonDir), relative(repo.topLevel, packageDir));
  return {
    cwd,
    env,
    packageDir,
    mainPackageDir,
    repo,
    hooks: repo ? hooksState(repo.topLevel, repo.commonDir, repo.gitDir) : undefined,
    packageManager: detectPackageManager(packageDir, repo?.topLevel ?? packageDir),
    config: () => loadConfig(packageDir), // loadConfig keeps one load per folder
  };
}
