import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findPackageDir } from '../config/load.js';
import { gitRaw } from '../git/exec.js';
import { hooksPathOwner } from '../install/layout.js';
import { detectPackageManager } from '../templates/package-manager.js';
import { same, type DoctorContext, type HooksState } from './types.js';

function configValue(args: string[], cwd: string): string | undefined {
  const r = gitRaw(['config', ...args, '--get-all', 'core.hooksPath'], { cwd });
  return r.code === 0 ? r.stdout.split('\n').filter(Boolean).pop() : undefined;
}

/** Where git runs the hooks from, as git itself decides: core.hooksPath (local wins) or .git/hooks. */
export function hooksState(topLevel: string, commonDir: string): HooksState {
  const gitHooks = join(commonDir, 'hooks');
  const local = configValue(['--local'], topLevel);
  const value = local ?? configValue([], topLevel);
  if (value === undefined) return { dir: gitHooks, source: 'default', layout: 'flowgate' };
  const dir = resolve(topLevel, value.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
  const owner = hooksPathOwner(value, topLevel, gitHooks);
  let layout: HooksState['layout'] = owner === 'husky' ? 'husky' : owner === 'flowgate' ? 'flowgate' : 'foreign';
  // an older flowgate wrote .husky/_ with its own dispatcher
  if (layout === 'husky') {
    try {
      if (readFileSync(join(dir, 'h'), 'utf8').includes('# flowgate hook dispatcher')) layout = 'flowgate';
    } catch {
      // no h there: husky's path, nothing in it
    }
  }
  // an absolute path to a .git/hooks folder (the global-shadow case) that is not this repository's
  if (layout === 'foreign' && existsSync(join(dir, 'flowgate', 'h'))) layout = 'flowgate';
  return { dir, source: local !== undefined ? 'local' : 'inherited', value, layout };
}

/** Read the context every check shares: where the repository, the package and the hooks are. */
export function doctorContext(cwd: string, env: NodeJS.ProcessEnv = process.env): DoctorContext {
  const r = gitRaw(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { cwd });
  let repo: DoctorContext['repo'];
  if (r.code === 0) {
    const [topLevel = '', gitDir = '', common = ''] = r.stdout.split('\n');
    if (topLevel) {
      const commonDir = realpathSync(resolve(cwd, common));
      repo = { topLevel: realpathSync(topLevel), gitDir, commonDir, linked: !same(gitDir, commonDir) };
    }
  }
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
    hooks: repo ? hooksState(repo.topLevel, repo.commonDir) : undefined,
    packageManager: detectPackageManager(packageDir, repo?.topLevel ?? packageDir),
  };
}
