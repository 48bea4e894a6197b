import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageDir } from '../config/load.js';
import { isCI } from '../core/ci.js';
import { dependsOn } from '../core/package-json.js';
import { EXIT_FAILURE, EXIT_OK, errorMessage } from '../errors.js';
import { readPackageFile, readPackageJson } from '../fs/package-json.js';
import { effectiveHooksPath } from '../git/hooks-path.js';
import { locateRepository } from '../git/locate.js';
import { gitRaw } from '../git/exec.js';
import { runPlan } from '../plan/run-plan.js';
import type { Plan, Step } from '../plan/step.js';
import { detectPackageManager } from '../templates/package-manager.js';
import { CHAINED_DIR, DISPATCHER_DIR, FLOWGATE_HOOKS, GIT_HOOKS, hooksDirOf, hooksPathOwner, isFlowgateDispatcher, isStub, stubFor, withHookLine, withoutHookLine } from './layout.js';
import { localConfig, localValues, moveFile, removeConfigSection, removeFile, removeFolder, writeScript } from './steps.js';

/**
 * The installer returns a message instead of printing (as husky's does): only the command
 * prints it and sets the exit code, so a postinstall or prepare script never breaks `npm install`.
 * Install and uninstall are plans (read → steps → execute): `--dry-run`'s `would …` lines come
 * from the one plan runner (src/plan/run-plan.ts).
 */
export interface InstallResult {
  code: number;
  message: string;
  hooksDir?: string;
}

export interface InstallOptions {
  cwd: string;
  force?: boolean;
  /** list the steps, change nothing */
  dryRun?: boolean;
  /** run by npm as flowgate's postinstall: skip in CI, never fail */
  postinstall?: boolean;
  /** run by the project's own prepare/postinstall script: never fail the install */
  lifecycle?: boolean;
}

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function skipReason(postinstall: boolean): string | undefined {
  if (process.env.FLOWGATE_SKIP === '1') return 'FLOWGATE_SKIP=1 is set';
  if (process.env.HUSKY === '0') return 'HUSKY=0 is set';
  if (postinstall && isCI()) return 'CI is set (hooks are for people; CI runs `flow check`)';
  return undefined;
}

/** As postinstall: the project that depends on flowgate directly, or why there is none. */
function postinstallProject(packageRoot = PACKAGE_ROOT): { dir?: string; why?: string } {
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
  const pkg = readPackageFile(project);
  if (!pkg || pkg.error !== undefined) return { why: `no readable package.json in ${project}` };
  // npm writes the new devDependency into package.json only after postinstall, so a first
  // `npm install -D flowgate` is not listed yet: then it is direct unless another package needs it.
  if (!dependsOn(pkg.data, 'flowgate') && dependentsOfFlowgate(parent).length > 0) {
    return { why: 'flowgate is a dependency of another package here, not of the project itself' };
  }
  return { dir: project };
}

/** Installed packages (top level of node_modules) that depend on flowgate themselves. */
function dependentsOfFlowgate(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSafe(nodeModules)) {
    if (entry.startsWith('.') || entry === 'flowgate') continue;
    const scoped = entry.startsWith('@') ? readdirSafe(join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of scoped) {
      if (dependsOn(readPackageJson(join(nodeModules, name)), 'flowgate', ['dependencies', 'optionalDependencies', 'peerDependencies'])) names.push(name);
    }
  }
  return names;
}

/** Where install and uninstall look: the package's .husky/, git's hooks folder and flowgate's part of it. */
function hookPaths(packageDir: string, commonDir: string, cwd: string) {
  const gitHooks = join(commonDir, 'hooks');
  const dispatcherDir = join(gitHooks, DISPATCHER_DIR);
  return {
    hooksDir: hooksDirOf(packageDir),
    gitHooks,
    dispatcherDir,
    chainedDir: join(dispatcherDir, CHAINED_DIR),
    show: (path: string) => relative(cwd, path) || '.',
  };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A husky folder (.husky/_) that holds husky's own dispatcher, not an older flowgate's. */
function isHuskyOwn(dir: string): boolean {
  const h = readText(join(dir, 'h'));
  if (h !== undefined) return !isFlowgateDispatcher(h);
  // husky 4–8 (.husky with _/husky.sh): husky's when its husky.sh is not flowgate's placeholder
  const sh = readText(join(dir, '_', 'husky.sh')) ?? readText(join(dir, 'husky.sh'));
  return sh !== undefined && !sh.startsWith('# flowgate');
}

/** Yarn Plug'n'Play: a .pnp.cjs in the package folder or a folder above it, up to the work tree's root. */
export function pnpFile(packageDir: string, topLevel: string): string | undefined {
  let dir = packageDir;
  for (;;) {
    if (existsSync(join(dir, '.pnp.cjs'))) return join(dir, '.pnp.cjs');
    if (dir === topLevel) return undefined;
    const parent = dirname(dir);
    if (parent === dir || !(parent + sep).startsWith(topLevel + sep) && parent !== topLevel) return undefined;
    dir = parent;
  }
}

/** What install (or uninstall) will do: the steps, and what to say and exit with once they ran. */
export interface InstallPlan extends InstallResult {
  steps: Plan;
  /** the folder the steps run in (the package folder) */
  cwd: string;
  /** the exit code when a step fails (`flow install` never fails a package install) */
  failCode: number;
  /** skipped or refused before any step: the message is the whole answer, dry run or not */
  final?: boolean;
}

function only(code: number, message: string, cwd: string): InstallPlan {
  return { code, message, steps: [], cwd, failCode: code, final: true };
}

/**
 * The value of core.hooksPath from outside this repository (command line, global, system), as
 * `git config --get` sees it once the local value is gone. git reads no repository config for a
 * --git-dir that does not exist, and honours GIT_CONFIG_NOSYSTEM, as a plain read does.
 */
function outerHooksPath(packageDir: string, commonDir: string, hasLocal: boolean): string | undefined {
  const args = ['config', '--get', 'core.hooksPath'];
  const r = gitRaw(hasLocal ? ['--git-dir', join(commonDir, DISPATCHER_DIR, 'no-repository'), ...args] : args, { cwd: packageDir });
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/**
 * Read the repository and list the steps that install the hooks, without changing anything:
 * `flow install --dry-run` prints them, `flow install` runs them (./steps.ts).
 */
export function planInstall(opts: InstallOptions): InstallPlan {
  const postinstall = Boolean(opts.postinstall);
  const soft = postinstall || opts.lifecycle ? EXIT_OK : EXIT_FAILURE;
  const skip = skipReason(postinstall);
  if (skip) return only(EXIT_OK, `flowgate: hooks not installed: ${skip}.`, opts.cwd);

  let packageDir: string;
  if (postinstall) {
    const project = postinstallProject();
    if (!project.dir) return only(EXIT_OK, `flowgate: hooks not installed: ${project.why}.`, opts.cwd);
    packageDir = project.dir;
  } else {
    packageDir = findPackageDir(opts.cwd);
  }

  const repo = locateRepository(packageDir);
  if (!repo) {
    return only(soft, `flowgate: hooks not installed: ${packageDir} is not inside a git work tree; run \`git init\`, then \`npx flowgate install\`.`, opts.cwd);
  }
  const { topLevel, commonDir } = repo;
  packageDir = realpathSync(packageDir);
  const { hooksDir, gitHooks, dispatcherDir, chainedDir, show } = hookPaths(packageDir, commonDir, opts.cwd);
  // A value set for this worktree alone (extensions.worktreeConfig) outranks every value install
  // could write: the hooks would be installed and never run. Refuse rather than report success.
  const effective = effectiveHooksPath(topLevel);
  const fromWorktree = effective?.origin.startsWith('file:') && realpathSync(resolve(topLevel, effective.origin.slice('file:'.length))) === join(repo.gitDir, 'config.worktree');
  if (effective && fromWorktree && hooksPathOwner(effective.value, topLevel, gitHooks) !== 'flowgate') {
    return only(
      soft,
      `flowgate: hooks not installed: core.hooksPath is set for this worktree only (${effective.value}), which outranks flowgate's hooks, so they would never run; run \`git config --worktree --unset core.hooksPath\`, then \`npx flowgate install\`.`,
      opts.cwd,
    );
  }
  const steps: Plan = [];
  const add = (step: Step | undefined) => step && steps.push(step);
  const notes: string[] = [];

  // core.hooksPath: flowgate needs none. husky's `.husky/_` (set again by `prepare: husky` on every
  // install, before flowgate's script runs) is taken over: flowgate's stubs run the same
  // .husky/<hook> scripts, and also in linked worktrees, where husky's git-ignored .husky/_ is
  // missing. An older flowgate's absolute .husky/_ is removed; another manager's is left alone
  // unless --force. `flowgate uninstall` restores what was replaced.
  const current = localValues('core.hooksPath', packageDir);
  let husky: string | undefined;
  const removing = new Set<string>();
  let remembered = localValues('flowgate.previousHooksPath', packageDir).length > 0;
  const remember = (v: string) => {
    if (!remembered) add(localConfig('flowgate.previousHooksPath', v));
    remembered = true;
  };
  for (const v of current) {
    const owner = hooksPathOwner(v, topLevel, gitHooks);
    if (owner === 'flowgate') continue;
    const abs = resolve(topLevel, v);
    if (owner === 'husky' && isHuskyOwn(abs)) {
      husky = v;
      remember(v);
      continue;
    }
    if (owner === 'husky') {
      // an older flowgate's .husky/_ (absolute, breaks when the repository moves), or a dead husky path
      if (!removing.has(abs) && isFlowgateDispatcher(readText(join(abs, 'h')) ?? '')) {
        removing.add(abs);
        add(removeFolder(abs, show(abs), { recursive: true }));
      }
      continue;
    }
    if (!opts.force) {
      return only(
        soft,
        `flowgate: core.hooksPath is '${v}', set by another hook manager, so flowgate left it alone; remove it (git config --unset core.hooksPath) or run \`npx flowgate install --force\` (\`flowgate uninstall\` restores it).`,
        opts.cwd,
      );
    }
    remember(v);
    notes.push(`replaced core.hooksPath '${v}' (flowgate uninstall restores it)`);
  }

  add(writeScript(join(dispatcherDir, 'h'), readFileSync(join(PACKAGE_ROOT, 'hooks', 'h'), 'utf8'), 0o755, show(join(dispatcherDir, 'h'))));
  for (const hook of FLOWGATE_HOOKS) {
    const file = join(hooksDir, hook);
    add(writeScript(file, withHookLine(readText(file), hook), 0o755, show(file)));
  }
  // Scripts written for husky 4–8 start with `. "$(dirname -- "$0")/_/husky.sh"`: keep them working.
  const huskySh = join(hooksDir, '_', 'husky.sh');
  if (!husky && !existsSync(huskySh) && readdirSafe(hooksDir).some((f) => /husky\.sh/.test(readText(join(hooksDir, f)) ?? ''))) {
    add(writeScript(join(hooksDir, '_', '.gitignore'), '*\n', 0o644, show(join(hooksDir, '_', '.gitignore'))));
    add(writeScript(huskySh, '# flowgate: scripts written for husky 4-8 source this file; nothing is needed from it now.\n', 0o644, show(huskySh)));
  }

  // Hooks already in .git/hooks keep running after flowgate's (chained/); a stub only for hooks
  // with something to run: every stub costs a shell start on every commit.
  const chained: string[] = [];
  for (const f of readdirSafe(gitHooks)) {
    const file = join(gitHooks, f);
    // lefthook renames the hook it replaces to <hook>.old and refuses to run again while that
    // exists: an old flowgate stub there is nothing to keep.
    if (f.endsWith('.old') && GIT_HOOKS.includes(f.slice(0, -4)) && isStub(readText(file) ?? '')) {
      add(removeFile(file, show(file)));
      continue;
    }
    if (!GIT_HOOKS.includes(f)) continue;
    const text = readText(file);
    if (text === undefined || isStub(text)) continue;
    add(moveFile(file, join(chainedDir, f), { from: show(file), to: show(join(chainedDir, f)) }));
    chained.push(f);
  }
  const pm = detectPackageManager(packageDir, topLevel);
  const stub = stubFor(relative(topLevel, packageDir).split(sep).join('/') || '.', pm.installHint);
  const kept: string[] = [];
  for (const hook of GIT_HOOKS) {
    const file = join(gitHooks, hook);
    // the hook that will sit in chained/ once the moves above ran
    const chainedNow = chained.includes(hook) ? file : join(chainedDir, hook);
    const hasChained = existsSync(chainedNow);
    if (hasChained && isExecutable(chainedNow)) kept.push(hook);
    const wanted = (FLOWGATE_HOOKS as readonly string[]).includes(hook) || existsSync(join(hooksDir, hook)) || hasChained;
    if (wanted) add(writeScript(file, stub, 0o755, show(file)));
    else if (isStub(readText(file) ?? '')) add(removeFile(file, show(file)));
  }

  // A global (or system) core.hooksPath would hide .git/hooks: point this repository's at it.
  // That value is absolute, the one thing a move breaks; the dispatcher then refuses (docs/install.md).
  const outer = outerHooksPath(packageDir, commonDir, current.length > 0);
  const pointed = current.length === 1 && hooksPathOwner(current[0]!, topLevel, gitHooks) === 'flowgate';
  if (outer) {
    if (!pointed) add(localConfig('core.hooksPath', gitHooks));
    notes.push(`this repository's core.hooksPath now points at ${gitHooks} and takes precedence over the global one (${outer}), which hid .git/hooks; after moving the repository, run \`npx flowgate install\` again`);
  } else if (current.length > 0) {
    add(localConfig('core.hooksPath', undefined));
  }
  if (husky) notes.push(`husky's core.hooksPath (${husky}) is replaced: flowgate's hooks in .git/hooks run your .husky/<hook> scripts, in linked worktrees too (flowgate uninstall restores it)`);

  if (chained.length || kept.length) notes.push(`kept .git/hooks/${[...new Set([...chained, ...kept])].join(', ')}: they run after flowgate's checks`);
  const pnp = pnpFile(packageDir, topLevel);
  const plan = { steps, cwd: packageDir, failCode: soft, hooksDir };
  if (pnp) {
    return {
      ...plan,
      code: soft,
      message: `flowgate: Yarn Plug'n'Play (${relative(opts.cwd, pnp) || '.pnp.cjs'}) keeps no node_modules/.bin for git hooks, so every commit is refused until you add 'nodeLinker: node-modules' to .yarnrc.yml and run \`yarn install\`.`,
    };
  }
  return {
    ...plan,
    code: EXIT_OK,
    message: [`flowgate: hooks installed (${FLOWGATE_HOOKS.join(', ')}): your scripts in ${relative(opts.cwd, hooksDir) || '.husky'}, git's stubs in .git/hooks.`, ...notes.map((n) => `flowgate: ${n}.`)].join('\n'),
  };
}

/**
 * Run a plan through the one executor: with `dryRun` it prints `would …` per step and changes
 * nothing. When a step fails, the ones before it are undone and the failure is reported, never thrown.
 */
async function applyInstall(plan: InstallPlan, opts: { dryRun?: boolean; verb: string }): Promise<InstallResult> {
  const { steps, cwd, failCode, final, ...outcome } = plan;
  if (final) return outcome;
  try {
    await runPlan(steps, { cwd, dryRun: opts.dryRun });
  } catch (error) {
    return { code: failCode, message: `flowgate: ${opts.verb} failed: ${errorMessage(error)}` };
  }
  if (!opts.dryRun) return outcome;
  const said = steps.length ? `nothing was changed; the steps above are what \`flowgate ${opts.verb}\` would do` : `\`flowgate ${opts.verb}\` would change nothing here`;
  // a warning the real run gives (Yarn PnP) holds for the dry run too
  return { ...outcome, message: `flowgate: dry run: ${said}.${outcome.code === EXIT_OK ? '' : `\n${outcome.message}`}` };
}

export async function installHooks(opts: InstallOptions): Promise<InstallResult> {
  try {
    return await applyInstall(planInstall(opts), { dryRun: opts.dryRun, verb: 'install' });
  } catch (error) {
    // inside a package install nothing may fail it, not even the unforeseen
    if (!opts.lifecycle && !opts.postinstall) throw error;
    return { code: EXIT_OK, message: `flowgate: hooks not installed: ${errorMessage(error)}` };
  }
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

/** Read the repository and list the steps that take flowgate's hooks out, without changing anything. */
export function planUninstall(opts: { cwd: string }): InstallPlan {
  const packageDir = findPackageDir(opts.cwd);
  const repo = locateRepository(packageDir);
  if (!repo) return only(EXIT_FAILURE, `flowgate: ${packageDir} is not inside a git work tree; nothing to uninstall.`, opts.cwd);
  const { topLevel, commonDir } = repo;
  const realPackageDir = realpathSync(packageDir);
  const { hooksDir, gitHooks, dispatcherDir, chainedDir, show } = hookPaths(realPackageDir, commonDir, opts.cwd);
  const steps: Plan = [];
  const add = (step: Step | undefined) => step && steps.push(step);
  const removed: string[] = [];
  const gone = new Set<string>();

  for (const hook of FLOWGATE_HOOKS) {
    const file = join(hooksDir, hook);
    const text = readText(file);
    if (text === undefined) continue;
    const rest = withoutHookLine(text);
    if (rest === undefined) {
      add(removeFile(file, show(file)));
      gone.add(hook);
    } else {
      add(writeScript(file, rest, statSync(file).mode & 0o777, show(file)));
    }
    removed.push(hook);
  }
  // git's stubs go, and the hooks that were there before come back.
  const restoredHooks: string[] = [];
  for (const hook of GIT_HOOKS) {
    const file = join(gitHooks, hook);
    const stub = isStub(readText(file) ?? '');
    if (stub) add(removeFile(file, show(file)));
    const old = join(chainedDir, hook);
    if (existsSync(old) && (stub || !existsSync(file))) {
      add(moveFile(old, file, { from: show(old), to: show(file) }));
      restoredHooks.push(hook);
    }
  }
  // A chained hook that could not go back (another tool took its place) is the user's: keep it.
  const stranded = readdirSafe(chainedDir).filter((f) => !restoredHooks.includes(f));
  if (stranded.length === 0 && existsSync(dispatcherDir)) add(removeFolder(dispatcherDir, show(dispatcherDir), { recursive: true }));

  const previous = localValues('flowgate.previousHooksPath', realPackageDir)[0];
  const current = localValues('core.hooksPath', realPackageDir);
  const ours = current.length > 0 && current.every((v) => hooksPathOwner(v, topLevel, gitHooks) === 'flowgate' || (hooksPathOwner(v, topLevel) === 'husky' && !isHuskyOwn(resolve(topLevel, v))));
  if (previous !== undefined) {
    if (current.length !== 1 || current[0] !== previous) add(localConfig('core.hooksPath', previous));
  } else if (ours) {
    add(localConfig('core.hooksPath', undefined));
  }
  if (gitRaw(['config', '--local', '--get-regexp', '^flowgate\\.'], { cwd: realPackageDir }).code === 0) add(removeConfigSection('flowgate'));

  // An older flowgate's .husky/_ (husky's own stays).
  const internal = join(hooksDir, '_');
  if (existsSync(internal) && !isHuskyOwn(internal) && !(previous !== undefined && hooksPathOwner(previous, topLevel) === 'husky')) {
    add(removeFolder(internal, show(internal), { recursive: true }));
    gone.add('_');
  }
  if (existsSync(hooksDir) && readdirSafe(hooksDir).every((f) => gone.has(f))) add(removeFolder(hooksDir, show(hooksDir)));

  const restored =
    previous !== undefined ? `restored core.hooksPath '${previous}'` : ours ? 'unset core.hooksPath' : current.length ? 'left core.hooksPath alone (it is not flowgate’s)' : 'core.hooksPath was not set';
  let back = restoredHooks.length ? `; put back .git/hooks/${restoredHooks.join(', ')}` : '';
  if (stranded.length) back += `; kept your earlier ${stranded.join(', ')} in ${relative(topLevel, chainedDir) || chainedDir}, because something else now holds .git/hooks/${stranded.join(', ')}`;
  return {
    code: EXIT_OK,
    message: `flowgate: removed flowgate's hooks (${removed.join(', ') || 'none found'}); ${restored}${back}; your own hook lines stay.`,
    steps,
    cwd: realPackageDir,
    failCode: EXIT_FAILURE,
  };
}

export async function uninstallHooks(opts: { cwd: string; dryRun?: boolean }): Promise<InstallResult> {
  return applyInstall(planUninstall(opts), { dryRun: opts.dryRun, verb: 'uninstall' });
}
