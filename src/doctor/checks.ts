import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findPackageDir, loadConfig } from '../config/load.js';
import type { LoadedConfig } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { gitMaybe, gitRaw } from '../git/exec.js';
import { FLOWGATE_HOOKS, hooksDirOf, hooksPathOwner, isFlowgateLine } from '../install/layout.js';

/**
 * `flow doctor` is a list of small checks. Each reads one thing and returns results; none
 * changes anything. `fail` is what stops hooks or config from working (exit 1); `warn` is
 * what only limits flowgate (no remote, no forge, no token).
 */
export type Status = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

export interface DoctorContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** the package folder (package.json / flowgate config), as install and the hooks find it */
  packageDir: string;
  /** undefined outside a git work tree */
  repo?: { topLevel: string; gitDir: string; commonDir: string; linked: boolean };
  /** filled by the config check for the ones after it */
  loaded?: LoadedConfig;
}

export type Check = (ctx: DoctorContext) => CheckResult[] | Promise<CheckResult[]>;

/** What a GUI git client (macOS apps, IDEs started from the dock) typically gives hooks. */
export const GUI_PATH = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'].join(':');
export const MIN_NODE = [20, 17, 0] as const;
export const MIN_GIT = [2, 9, 0] as const;

export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) > min[i]!;
  }
  return true;
}

const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
const warn = (name: string, detail: string, fix?: string): CheckResult => ({ name, status: 'warn', detail, fix });
const fail = (name: string, detail: string, fix?: string): CheckResult => ({ name, status: 'fail', detail, fix });

function show(ctx: DoctorContext, path: string): string {
  const base = ctx.repo?.topLevel ?? ctx.cwd;
  const rel = relative(base, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}

function same(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** Read the context every check shares: where the repository and the package are. */
export function doctorContext(cwd: string, env: NodeJS.ProcessEnv = process.env): DoctorContext {
  const r = gitRaw(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { cwd });
  let repo: DoctorContext['repo'];
  if (r.code === 0) {
    const [topLevel = '', gitDir = '', common = ''] = r.stdout.split('\n');
    if (topLevel) {
      const commonDir = resolve(cwd, common);
      repo = { topLevel: realpathSync(topLevel), gitDir, commonDir, linked: !same(gitDir, commonDir) };
    }
  }
  let packageDir = findPackageDir(cwd);
  try {
    packageDir = realpathSync(packageDir);
  } catch {
    // keep it as found
  }
  return { cwd, env, packageDir, repo };
}

export const gitVersion: Check = () => {
  let out: string;
  try {
    const r = gitRaw(['--version']);
    out = r.stdout.trim();
  } catch (error) {
    return [fail('git', errorMessage(error), 'install git 2.9 or later and make sure it is on PATH')];
  }
  const v = parseVersion(out);
  if (!v) return [warn('git', `cannot read the version from '${out}'`)];
  const text = v.join('.');
  return atLeast(v, MIN_GIT) ? [ok('git', text)] : [fail('git', `${text} is too old: hooks in .husky/_ need core.hooksPath (git 2.9+)`, 'upgrade git')];
};

export const nodeVersion: Check = () => {
  const v = parseVersion(process.versions.node)!;
  const text = `v${process.versions.node}`;
  return atLeast(v, MIN_NODE)
    ? [ok('node', text)]
    : [fail('node', `${text} is older than flowgate needs (20.17)`, 'install Node.js 20.17 or later (nvm install 20, or from nodejs.org)')];
};

export const workTree: Check = (ctx) => {
  if (!ctx.repo) return [fail('work tree', `${ctx.cwd} is not inside a git work tree`, 'run flow doctor inside your repository (or `git init` one)')];
  const where = ctx.repo.linked ? `${ctx.repo.topLevel} (a linked worktree)` : ctx.repo.topLevel;
  const pkg = same(ctx.packageDir, ctx.repo.topLevel) ? '' : `; package in ${show(ctx, ctx.packageDir)}`;
  return [ok('work tree', `${where}${pkg}`)];
};

function configValues(key: string, scope: string, cwd: string): string[] {
  const r = gitRaw(['config', scope, '--get-all', key], { cwd });
  return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** The main worktree's root (the common git dir's parent), for a linked worktree. */
function mainWorktreeOf(ctx: DoctorContext): string {
  return ctx.repo ? dirname(ctx.repo.commonDir) : ctx.cwd;
}

/** Where `flow install` puts the husky stubs for a package: .husky/_. */
function stubsDirOf(packageDir: string): string {
  return join(hooksDirOf(packageDir), '_');
}

/** The folder git runs hooks from, as core.hooksPath says (relative paths are from the work tree's root). */
function effectiveHooksDir(ctx: DoctorContext): string {
  const top = ctx.repo?.topLevel;
  const local = top ? configValues('core.hooksPath', '--local', top).pop() : undefined;
  if (top && local && hooksPathOwner(local, top) === 'husky') return resolve(top, local);
  return stubsDirOf(ctx.packageDir);
}

export const hooksPath: Check = (ctx) => {
  if (!ctx.repo) return [];
  const top = ctx.repo.topLevel;
  const expected = stubsDirOf(ctx.packageDir);
  const local = configValues('core.hooksPath', '--local', top);
  const global = configValues('core.hooksPath', '--global', top);
  const results: CheckResult[] = [];
  const value = local[local.length - 1];
  if (value === undefined) {
    results.push(
      fail(
        'core.hooksPath',
        global.length ? `not set in this repository, so git runs the global hooks in ${global[0]} and not flowgate's` : "not set, so git runs .git/hooks and not flowgate's hooks",
        'npx flow install',
      ),
    );
  } else if (hooksPathOwner(value, top) === 'foreign') {
    results.push(fail('core.hooksPath', `'${value}' belongs to another hook manager, so flowgate's hooks do not run`, 'npx flow install --force (flow uninstall restores it), or call `flowgate hook <name> "$@"` from that manager'));
  } else {
    const abs = resolve(top, value);
    if (same(abs, expected)) results.push(ok('core.hooksPath', `${value}`));
    else if (ctx.repo.linked && same(abs, stubsDirOf(join(mainWorktreeOf(ctx), relative(top, ctx.packageDir))))) {
      results.push(ok('core.hooksPath', `${value} (the main worktree's hooks, shared by this one)`));
    }
    else results.push(warn('core.hooksPath', `'${value}' is a husky folder, but not this package's (${show(ctx, expected)})`, 'npx flow install (run it in the package folder)'));
  }
  if (value !== undefined && global.length) {
    results.push(warn('global core.hooksPath', `the global '${global[0]}' is shadowed here: its hooks do not run in this repository`, 'call those hooks from .husky/<hook> if you need them'));
  }
  return results;
};

function isExecutable(file: string): boolean {
  try {
    return (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export const hookScripts: Check = (ctx) => {
  if (!ctx.repo) return [];
  const dir = effectiveHooksDir(ctx);
  const missing: string[] = [];
  const notExecutable: string[] = [];
  const crlf: string[] = [];
  for (const name of ['h', ...FLOWGATE_HOOKS]) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      missing.push(name);
      continue;
    }
    if (process.platform !== 'win32' && !isExecutable(file)) notExecutable.push(name);
    if (readFileSync(file, 'utf8').includes('\r')) crlf.push(name);
  }
  const shown = show(ctx, dir);
  if (missing.length === FLOWGATE_HOOKS.length + 1) return [fail('hook scripts', `${shown} is missing: no hook is installed`, 'npx flow install')];
  const problems: string[] = [];
  if (missing.length) problems.push(`missing in ${shown}: ${missing.join(', ')}`);
  if (notExecutable.length) problems.push(`not executable: ${notExecutable.map((n) => `${shown}/${n}`).join(', ')} (git skips them)`);
  if (crlf.length) problems.push(`CRLF line endings in ${crlf.map((n) => `${shown}/${n}`).join(', ')} (sh cannot run them)`);
  if (!problems.length) return [ok('hook scripts', `${shown}: h and ${FLOWGATE_HOOKS.length} hooks, executable, LF`)];
  const chmod = notExecutable.length ? ` (or chmod +x ${notExecutable.map((n) => `${shown}/${n}`).join(' ')})` : '';
  return [fail('hook scripts', problems.join('; '), `npx flow install${chmod}`)];
};

export const hookLines: Check = (ctx) => {
  if (!ctx.repo) return [];
  const dir = dirname(effectiveHooksDir(ctx));
  const without: string[] = [];
  for (const hook of FLOWGATE_HOOKS) {
    const file = join(dir, hook);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (!text.split(/\r?\n/).some(isFlowgateLine)) without.push(hook);
  }
  const shown = show(ctx, dir);
  return without.length
    ? [fail('hook lines', `no \`flowgate hook …\` line in ${without.map((h) => `${shown}/${h}`).join(', ')}, so those checks do not run`, 'npx flow install (adds the line back; your own lines stay)')]
    : [ok('hook lines', `${shown}/{${FLOWGATE_HOOKS.join(',')}} call flowgate`)];
};

export const binary: Check = (ctx) => {
  if (!ctx.repo) return [];
  // The dispatcher puts node_modules/.bin of the package that owns the hooks folder on PATH
  // (in a linked worktree: the main worktree's).
  const home = dirname(dirname(effectiveHooksDir(ctx)));
  const local = join(home, 'node_modules', '.bin', 'flowgate');
  if (existsSync(local)) return [ok('flowgate binary', show(ctx, local))];
  const onPath = (ctx.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'flowgate')).find((f) => existsSync(f));
  if (onPath) return [warn('flowgate binary', `not in ${show(ctx, join(home, 'node_modules', '.bin'))}; the hooks will use ${onPath} from PATH`, 'npm install -D flowgate, so everyone runs the same version')];
  return [fail('flowgate binary', `${show(ctx, local)} is missing, so the hooks cannot run flowgate`, 'npm install -D flowgate (then npm install)')];
};

/** The husky init script hooks source first: where a GUI client's PATH gets fixed. */
export function huskyInitScript(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME ?? '', '.config'), 'husky', 'init.sh');
}

/** The lines that make node reachable for hooks, for the node that runs doctor now. */
export function initScriptFix(env: NodeJS.ProcessEnv, nodePath = process.execPath): string {
  const file = huskyInitScript(env).replace(env.HOME ? env.HOME : '\0', '~');
  if (env.NVM_DIR || nodePath.includes(`${sep}.nvm${sep}`)) {
    return `add to ${file}: export NVM_DIR="$HOME/.nvm"; [ -s "$NVM_DIR/nvm.sh" ] && . "$NVM_DIR/nvm.sh"  (or: export PATH="${dirname(nodePath)}:$PATH")`;
  }
  return `add to ${file}: export PATH="${dirname(nodePath)}:$PATH"`;
}

export const guiNode: Check = (ctx) => {
  if (process.platform === 'win32') return [ok('node for GUI clients', 'not checked on Windows (Git for Windows hooks use its own PATH)')];
  const init = huskyInitScript(ctx.env);
  // A fixed script: the only data (the init script's path) goes in as $1, never into the text.
  const script = 'if [ -f "$1" ]; then . "$1" >/dev/null 2>&1; fi; command -v node && node --version';
  const env: NodeJS.ProcessEnv = { PATH: GUI_PATH, HOME: ctx.env.HOME ?? '' };
  if (ctx.env.XDG_CONFIG_HOME) env.XDG_CONFIG_HOME = ctx.env.XDG_CONFIG_HOME;
  const r = spawnSync('/bin/sh', ['-c', script, 'sh', init], { env, encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'ignore'] });
  const [where, version] = (r.stdout ?? '').split('\n').map((l) => l.trim());
  const via = existsSync(init) ? ` (with ${init.replace(ctx.env.HOME ? ctx.env.HOME : '\0', '~')})` : '';
  if (r.status !== 0 || !where) {
    return [fail('node for GUI clients', `node is not on the PATH a GUI git client gives hooks (${GUI_PATH})${via}, so hooks fail there`, initScriptFix(ctx.env))];
  }
  const v = version ? parseVersion(version) : undefined;
  if (v && !atLeast(v, MIN_NODE)) {
    return [warn('node for GUI clients', `hooks started by a GUI client would run ${where} ${version}${via}, older than flowgate needs (20.17)`, initScriptFix(ctx.env))];
  }
  return [ok('node for GUI clients', `${where}${version ? ` ${version}` : ''}${via}`)];
};

export const config: Check = async (ctx) => {
  try {
    ctx.loaded = await loadConfig(ctx.packageDir);
  } catch (error) {
    return [fail('config', errorMessage(error), 'fix the key named above (or `npx flow init --force` rewrites flowgate.config.json)')];
  }
  const b = ctx.loaded.config.branches;
  const model = b.develop ? `main=${b.main}, develop=${b.develop}` : `main=${b.main}, trunk-based`;
  return [ok('config', `${ctx.loaded.file ? show(ctx, ctx.loaded.file) : 'none (defaults)'}: ${model}`)];
};

export const commitlint: Check = async (ctx) => {
  const { createLinter, findCommitlintConfig } = await import('../lint/commitlint.js');
  const file = findCommitlintConfig(ctx.packageDir, ctx.repo?.topLevel);
  try {
    const lint = await createLinter(ctx.packageDir, { repoRoot: ctx.repo?.topLevel });
    await lint('chore: check the commitlint config');
  } catch (error) {
    const message = errorMessage(error);
    const missing = /Cannot find (?:module|package) ["']([^"']+)["']/.exec(message)?.[1];
    const fix = missing
      ? `npm install -D ${missing} (pnpm add -D ${missing}): pnpm and Yarn PnP do not expose flowgate's own copy`
      : 'fix the file; if it extends a shared config, install that as a devDependency';
    return [fail('commitlint config', message.replace(/; fix it or run `npx flow doctor`\.$/, '.'), fix)];
  }
  return [ok('commitlint config', file ? show(ctx, file) : 'none: @commitlint/config-conventional built in')];
};

interface Worktree {
  path: string;
  branch?: string;
  detached: boolean;
  bare: boolean;
  prunable: boolean;
}

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

export const worktrees: Check = (ctx) => {
  if (!ctx.repo) return [];
  const out = gitMaybe(['worktree', 'list', '--porcelain'], { cwd: ctx.repo.topLevel });
  if (out === undefined) return [];
  const list = parseWorktrees(out).filter((w) => !w.bare);
  const describe = list.map((w) => `${w.path} (${w.branch ?? (w.detached ? 'detached' : '?')})`).join(', ');
  const prunable = list.filter((w) => w.prunable);
  if (prunable.length) return [warn('worktrees', `${list.length}: ${describe}; gone from disk: ${prunable.map((w) => w.path).join(', ')}`, 'git worktree prune')];
  return [ok('worktrees', list.length <= 1 ? 'one (no linked worktrees)' : `${list.length}, sharing the hooks: ${describe}`)];
};

export const remoteAndToken: Check = async (ctx) => {
  if (!ctx.repo) return [];
  const url = gitMaybe(['remote', 'get-url', 'origin'], { cwd: ctx.repo.topLevel });
  if (!url) {
    return [warn('remote', 'no origin remote: flow pr and flow protect need one', 'git remote add origin <url>')];
  }
  let remote;
  try {
    const forge = await import('../forge/index.js');
    remote = forge.resolveRemote(ctx.repo.topLevel, ctx.loaded?.config ?? (await import('../config/defaults.js')).defaultConfig());
  } catch {
    remote = undefined;
  }
  if (!remote) {
    return [warn('forge', 'origin is not on a forge flowgate knows (GitHub, GitLab)', 'set forge.provider and forge.repo (and forge.apiUrl) in the flowgate config')];
  }
  const results = [ok('forge', `${remote.provider}: ${remote.repoPath} on ${remote.host}`)];
  let source: string | undefined;
  try {
    const { findTokenSource } = await import('../forge/index.js');
    const found = await Promise.race([
      findTokenSource(remote, { cwd: ctx.repo.topLevel }),
      delay(15_000, undefined, { ref: false }),
    ]);
    // Only where the token came from is shown: never the token, nor anything derived from it.
    source = found?.source;
  } catch {
    source = undefined;
  }
  const variable = remote.provider === 'gitlab' ? 'GITLAB_TOKEN' : 'GITHUB_TOKEN';
  results.push(
    source
      ? ok('token', `found (${source})`)
      : warn('token', `none for ${remote.host}: flow pr prints a compare URL instead of opening the pull request`, remote.provider === 'gitlab' ? `export ${variable}=… (a token with api scope)` : `gh auth login, or export ${variable}=…`),
  );
  return results;
};

/** In order; later checks read what earlier ones found (the config). */
export const CHECKS: Check[] = [gitVersion, nodeVersion, workTree, hooksPath, hookScripts, hookLines, binary, guiNode, config, commitlint, worktrees, remoteAndToken];

export async function runChecks(ctx: DoctorContext, checks: Check[] = CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(...(await check(ctx)));
    } catch (error) {
      results.push(fail(check.name || 'check', `could not run: ${errorMessage(error)}`));
    }
  }
  return results;
}
