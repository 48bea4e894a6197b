import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageDir } from '../config/load.js';
import { isCI } from '../core/ci.js';
import { EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { gitRaw } from '../git/exec.js';
import { FLOWGATE_HOOKS, GIT_HOOKS, STUB, hooksDirOf, hooksPathOwner, withHookLine, withoutHookLine } from './layout.js';

/**
 * The installer returns a message instead of printing (as husky's does): only the command
 * prints and sets the exit code, so a postinstall or prepare script never breaks `npm install`.
 */
export interface InstallResult {
  code: number;
  message: string;
  hooksDir?: string;
}

export interface InstallOptions {
  cwd: string;
  force?: boolean;
  /** run by npm as flowgate's postinstall: skip in CI, never fail */
  postinstall?: boolean;
}

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function skipReason(postinstall: boolean): string | undefined {
  if (process.env.FLOWGATE_SKIP === '1') return 'FLOWGATE_SKIP=1 is set';
  if (process.env.HUSKY === '0') return 'HUSKY=0 is set';
  if (postinstall && isCI()) return 'CI is set (hooks are for people; CI runs `flow check`)';
  return undefined;
}

/** As postinstall: the project that depends on flowgate directly, or why there is none. */
export function postinstallProject(packageRoot = PACKAGE_ROOT): { dir?: string; why?: string } {
  // pnpm keeps every package in <project>/node_modules/.pnpm/<id>/node_modules/flowgate and links
  // only the project's own dependencies into <project>/node_modules.
  const pnpm = /^(.*?)[\\/]node_modules[\\/]\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/]flowgate$/.exec(packageRoot);
  if (pnpm) {
    const project = pnpm[1]!;
    let linked: string | undefined;
    try {
      linked = realpathSync(join(project, 'node_modules', 'flowgate'));
    } catch {
      // not linked at the top: not the project's own dependency
    }
    if (project.split(sep).includes('node_modules') || linked !== realpathSync(packageRoot)) {
      return { why: 'flowgate is a dependency of another package here, not of the project itself' };
    }
    return { dir: project };
  }
  const parent = dirname(packageRoot);
  if (basename(parent) !== 'node_modules') return { why: 'flowgate is not installed inside a node_modules folder (its own checkout?)' };
  const project = dirname(parent);
  if (project.split(sep).includes('node_modules')) return { why: 'flowgate is a dependency of another package here' };
  let pkg: Manifest;
  try {
    pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return { why: `no readable package.json in ${project}` };
  }
  // npm writes the new devDependency into package.json only after postinstall, so a first
  // `npm install -D flowgate` is not listed yet: then it is direct unless another package needs it.
  if (!listsFlowgate(pkg) && dependentsOfFlowgate(parent).length > 0) {
    return { why: 'flowgate is a dependency of another package here, not of the project itself' };
  }
  return { dir: project };
}

type Manifest = Record<string, Record<string, string> | undefined>;

function listsFlowgate(pkg: Manifest, fields = ['dependencies', 'devDependencies', 'optionalDependencies']): boolean {
  return fields.some((k) => pkg[k]?.flowgate !== undefined);
}

/** Installed packages (top level of node_modules) that depend on flowgate themselves. */
function dependentsOfFlowgate(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSafe(nodeModules)) {
    if (entry.startsWith('.') || entry === 'flowgate') continue;
    const scoped = entry.startsWith('@') ? readdirSafe(join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of scoped) {
      try {
        const manifest = JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as Manifest;
        if (listsFlowgate(manifest, ['dependencies', 'optionalDependencies', 'peerDependencies'])) names.push(name);
      } catch {
        // not a package
      }
    }
  }
  return names;
}

interface Repository {
  topLevel: string;
  gitDir: string;
  commonDir: string;
}

/** The work tree, git dir and common dir around `dir` (one git call), or undefined outside a work tree. */
function locateRepository(dir: string): Repository | undefined {
  const r = gitRaw(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir'], { cwd: dir });
  const [topLevel, gitDir, commonDir] = r.stdout.split('\n');
  if (r.code !== 0 || !topLevel || !gitDir || !commonDir) return undefined;
  return { topLevel: realpathSync(topLevel), gitDir, commonDir };
}

function configValues(key: string, cwd: string, scope = '--local'): string[] {
  const r = gitRaw(['config', scope, '--get-all', key], { cwd });
  return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

function writeIfChanged(file: string, content: string, mode: number): void {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
  if ((statSync(file).mode & 0o777) !== mode) chmodSync(file, mode);
}

export async function installHooks(opts: InstallOptions): Promise<InstallResult> {
  const postinstall = Boolean(opts.postinstall);
  const soft = postinstall ? EXIT_OK : EXIT_FAILURE;
  const skip = skipReason(postinstall);
  if (skip) return { code: EXIT_OK, message: `flowgate: hooks not installed: ${skip}.` };

  let packageDir: string;
  if (postinstall) {
    const project = postinstallProject();
    if (!project.dir) return { code: EXIT_OK, message: `flowgate: hooks not installed: ${project.why}.` };
    packageDir = project.dir;
  } else {
    packageDir = findPackageDir(opts.cwd);
  }

  const repo = locateRepository(packageDir);
  if (!repo) {
    return { code: soft, message: `flowgate: hooks not installed: ${packageDir} is not inside a git work tree; run \`git init\`, then \`npx flow install\`.` };
  }
  const { topLevel } = repo;
  packageDir = realpathSync(packageDir);
  const hooksDir = hooksDirOf(packageDir);
  // core.hooksPath and the folder of h and the stubs
  const internal = join(hooksDir, '_');
  const value = internal;

  const current = configValues('core.hooksPath', packageDir);
  const foreign = current.filter((v) => v !== value && hooksPathOwner(v, topLevel) === 'foreign');
  if (foreign.length && !opts.force) {
    return {
      code: soft,
      message: `flowgate: core.hooksPath is '${foreign[0]}', set by another hook manager, so flowgate left it alone; remove it (git config --unset core.hooksPath) or run \`npx flow install --force\` (\`flow uninstall\` restores it).`,
    };
  }
  const previous = current.find((v) => v !== value);
  if (previous !== undefined && configValues('flowgate.previousHooksPath', packageDir).length === 0) {
    gitRaw(['config', '--local', 'flowgate.previousHooksPath', previous], { cwd: packageDir });
  }

  mkdirSync(internal, { recursive: true });
  writeIfChanged(join(internal, '.gitignore'), '*\n', 0o644);
  writeIfChanged(join(internal, 'h'), readFileSync(join(PACKAGE_ROOT, 'hooks', 'h'), 'utf8'), 0o755);
  // Scripts written for husky 4–8 start with `. "$(dirname -- "$0")/_/husky.sh"`: keep them working.
  writeIfChanged(join(internal, 'husky.sh'), '# flowgate: scripts written for husky 4-8 source this file; nothing is needed from it now.\n', 0o644);

  for (const hook of FLOWGATE_HOOKS) {
    const file = join(hooksDir, hook);
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    writeIfChanged(file, withHookLine(existing, hook), 0o755);
  }

  // A stub only for hooks that have something to run (flowgate's, the user's .husky/<hook>,
  // a chained .git/hooks/<hook>): every stub costs a shell start on every commit.
  const legacyDir = join(repo.commonDir, 'hooks');
  const legacy = readdirSafe(legacyDir).filter((f) => GIT_HOOKS.includes(f) && isExecutable(join(legacyDir, f)));
  for (const hook of GIT_HOOKS) {
    const stub = join(internal, hook);
    const wanted = (FLOWGATE_HOOKS as readonly string[]).includes(hook) || existsSync(join(hooksDir, hook)) || legacy.includes(hook);
    if (wanted) writeIfChanged(stub, STUB, 0o755);
    else rmSync(stub, { force: true });
  }

  const set = gitRaw(['config', '--local', '--replace-all', 'core.hooksPath', value], { cwd: packageDir });
  if (set.code !== 0) return { code: soft, message: `flowgate: could not set core.hooksPath: ${set.stderr.trim()}` };

  const notes: string[] = [];
  if (legacy.length) notes.push(`kept .git/hooks/${legacy.join(', ')}: they run after flowgate's checks`);
  const global = configValues('core.hooksPath', packageDir, '--global');
  if (global.length) notes.push(`this repository's core.hooksPath now takes precedence over the global one (${global[0]})`);
  if (previous !== undefined && foreign.length) notes.push(`replaced core.hooksPath '${previous}' (flow uninstall restores it)`);
  // core.hooksPath is shared by every worktree: installed from a linked one, the hooks live and die with it.
  if (repo.gitDir !== repo.commonDir) {
    notes.push(`this is a linked worktree: every worktree of the repository now runs the hooks from ${hooksDir}, and removing this worktree turns them off; run \`npx flow install\` in the main worktree to avoid that`);
  }

  const shown = relative(opts.cwd, hooksDir) || '.husky';
  return {
    code: EXIT_OK,
    message: [`flowgate: hooks installed in ${shown} (${FLOWGATE_HOOKS.join(', ')}).`, ...notes.map((n) => `flowgate: ${n}.`)].join('\n'),
    hooksDir,
  };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isExecutable(file: string): boolean {
  try {
    const s = statSync(file);
    return s.isFile() && (s.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export async function uninstallHooks(opts: { cwd: string }): Promise<InstallResult> {
  const packageDir = findPackageDir(opts.cwd);
  const repo = locateRepository(packageDir);
  if (!repo) return { code: EXIT_FAILURE, message: `flowgate: ${packageDir} is not inside a git work tree; nothing to uninstall.` };
  const { topLevel } = repo;
  const realPackageDir = realpathSync(packageDir);
  const hooksDir = hooksDirOf(realPackageDir);
  const value = join(hooksDir, '_');
  const removed: string[] = [];

  for (const hook of FLOWGATE_HOOKS) {
    const file = join(hooksDir, hook);
    if (!existsSync(file)) continue;
    const rest = withoutHookLine(readFileSync(file, 'utf8'));
    if (rest === undefined) rmSync(file);
    else writeFileSync(file, rest);
    removed.push(hook);
  }

  const previous = configValues('flowgate.previousHooksPath', realPackageDir)[0];
  const current = configValues('core.hooksPath', realPackageDir);
  const ours = current.length > 0 && current.every((v) => v === value || hooksPathOwner(v, topLevel) === 'husky');
  if (ours) {
    if (previous !== undefined) gitRaw(['config', '--local', '--replace-all', 'core.hooksPath', previous], { cwd: realPackageDir });
    else gitRaw(['config', '--local', '--unset-all', 'core.hooksPath'], { cwd: realPackageDir });
  }
  gitRaw(['config', '--local', '--remove-section', 'flowgate'], { cwd: realPackageDir });

  const keepInternal = previous !== undefined && hooksPathOwner(previous, topLevel) === 'husky';
  if (!keepInternal) rmSync(join(hooksDir, '_'), { recursive: true, force: true });
  if (existsSync(hooksDir) && readdirSync(hooksDir).length === 0) rmSync(hooksDir, { recursive: true });

  const restored = ours ? (previous !== undefined ? `restored core.hooksPath '${previous}'` : 'unset core.hooksPath') : 'left core.hooksPath alone (it is not flowgate’s)';
  return { code: EXIT_OK, message: `flowgate: removed flowgate's hooks (${removed.join(', ') || 'none found'}); ${restored}; your own hook lines stay.` };
}
