/**
 * Hardening — installs. The packed tarball installed the ways real teams install it: pnpm (the
 * `prepare` path, and its .pnpm layout for postinstall), `npm ci --ignore-scripts` then
 * `npx flow install`, `--omit=dev`, a global core.hooksPath, git-lfs's own pre-push hook,
 * another hook manager, uninstall after values were set twice, and flowgate as a dependency of a
 * dependency (which must not touch any repository).
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TARBALL, installedSandbox, requirePacked } from '../helpers/installed.js';
import { PREPARE } from '../../src/init/plan.js';
import { assertFlowgateHooks, run, sandbox, type RunResult, type Sandbox } from '../helpers/repo.js';

const REAL_HOME = process.env.HOME ?? '/root';
const npm = (box: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}, cwd = box.dir): RunResult =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, env: { ...box.env, ...env } });
// pnpm 9 from the npm registry (npx caches it), with the developer's pnpm store so reruns are offline.
const pnpm = (box: Sandbox, args: string[], cwd = box.dir): RunResult =>
  run('npx', ['--yes', 'pnpm@9', ...args, '--store-dir', join(REAL_HOME, '.local', 'share', 'pnpm', 'store'), '--prefer-offline', '--reporter', 'append-only'], {
    cwd,
    env: { ...box.env, npm_config_update_notifier: 'false' },
  });

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** The hooks guard this work tree: a bad message is refused, a good one lands, main cannot be pushed. */
function assertGuarded(box: Sandbox, branch: string, cwd = box.dir): void {
  box.gitOk(['switch', '-q', '-c', branch], { cwd });
  const bad = box.git(['commit', '--allow-empty', '-m', 'not conventional'], { cwd });
  assert.equal(bad.code, 1, `a bad message went through: ${bad.stderr}`);
  const good = box.git(['commit', '-q', '--allow-empty', '-m', 'feat: guarded'], { cwd });
  assert.equal(good.code, 0, good.stderr);
  const push = box.git(['push', 'origin', 'HEAD:main'], { cwd });
  assert.equal(push.code, 1, `a push to main went through: ${push.stderr}`);
}

function assertUntouched(box: Sandbox, dir = box.dir): void {
  assert.equal(box.git(['config', '--local', 'core.hooksPath'], { cwd: dir }).code, 1, 'core.hooksPath was set');
  assert.ok(!existsSync(join(dir, '.husky')), '.husky was written');
  assert.ok(!existsSync(join(dir, '.git', 'hooks', 'flowgate')), '.git/hooks was written');
}

describe('install variants', { concurrency: 2 }, () => {
  it('pnpm: postinstall finds the project through the .pnpm layout, prepare sets the hooks up again, and a dependency’s flowgate is left alone', () => {
    requirePacked();
    const box = sandbox();
    writeJson(join(box.dir, 'package.json'), { name: 'app', private: true, scripts: { prepare: PREPARE }, devDependencies: { flowgate: `file:${TARBALL}` } });
    // (the lockfile records the tarball's path relative to the project: the clone lives elsewhere)
    writeFileSync(join(box.dir, '.gitignore'), 'node_modules\npnpm-lock.yaml\n');
    let r = pnpm(box, ['install']);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stdout}${r.stderr}`);
    assert.doesNotMatch(r.stdout + r.stderr, /dependency of another package/);
    assertFlowgateHooks(box);
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '-m', 'chore: pnpm'], { env: { FLOWGATE_SKIP: '1' } });
    assertGuarded(box, 'feature/60-pnpm');
    // A teammate's fresh clone: `pnpm install` runs prepare, which installs the hooks.
    const clone = join(box.home, 'clone');
    box.gitOk(['switch', '-q', 'main']);
    box.gitOk(['push', '-q', 'origin', 'main'], { env: { FLOWGATE_SKIP: '1' } });
    box.gitOk(['clone', '-q', box.remote, clone]);
    r = pnpm(box, ['install', '--ignore-scripts'], clone);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stdout}${r.stderr}`);
    assert.ok(!existsSync(join(clone, '.git', 'hooks', 'pre-commit')), 'installed despite --ignore-scripts');
    r = pnpm(box, ['install'], clone);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stdout}${r.stderr}`);
    assertFlowgateHooks(box, clone);
    assertGuarded(box, 'feature/61-clone', clone);

    // flowgate as a dependency of a dependency, under pnpm: nothing is touched
    const other = sandbox();
    const lib = join(other.home, 'lib');
    mkdirSync(lib);
    writeJson(join(lib, 'package.json'), { name: 'lib-using-flowgate', version: '1.0.0', dependencies: { flowgate: `file:${TARBALL}` } });
    writeJson(join(other.dir, 'package.json'), { name: 'consumer', private: true, dependencies: { 'lib-using-flowgate': `file:${lib}` } });
    r = pnpm(other, ['install']);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stdout}${r.stderr}`);
    assertUntouched(other);
  });

  it('npm ci --ignore-scripts installs nothing; `npx flow install` afterwards sets the hooks up', () => {
    requirePacked();
    const box = sandbox();
    writeJson(join(box.dir, 'package.json'), { name: 'app', private: true, scripts: { prepare: PREPARE } });
    writeFileSync(join(box.dir, '.gitignore'), 'node_modules\n');
    let r = npm(box, ['install', '-D', TARBALL], { FLOWGATE_SKIP: '1' });
    assert.equal(r.code, 0, r.stderr);
    assertUntouched(box);
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '-m', 'chore: lockfile'], { env: { FLOWGATE_SKIP: '1' } });
    r = npm(box, ['ci', '--ignore-scripts']);
    assert.equal(r.code, 0, r.stderr);
    assertUntouched(box);
    r = run('npx', ['--no-install', 'flow', 'install'], { cwd: box.dir, env: box.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /hooks installed/);
    assertGuarded(box, 'feature/62-ci');
  });

  it('--omit=dev: the install succeeds and touches nothing; with flowgate a runtime dependency its postinstall still installs', () => {
    requirePacked();
    const box = sandbox();
    writeJson(join(box.dir, 'package.json'), { name: 'app', private: true });
    let r = npm(box, ['install', '-D', TARBALL], { FLOWGATE_SKIP: '1' });
    assert.equal(r.code, 0, r.stderr);
    r = npm(box, ['ci', '--omit=dev']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(box.dir, 'node_modules', 'flowgate')));
    assertUntouched(box);
    // the prepare script init writes is a no-op where flowgate is not installed
    const pkg = JSON.parse(readFileSync(join(box.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeJson(join(box.dir, 'package.json'), { ...pkg, scripts: { prepare: PREPARE } });
    for (const env of [{}, { NODE_ENV: 'production' }]) {
      r = npm(box, env.NODE_ENV ? ['ci'] : ['ci', '--omit=dev'], env);
      assert.equal(r.code, 0, `${JSON.stringify(env)}: ${r.stderr}`);
      assert.ok(!existsSync(join(box.dir, 'node_modules', 'flowgate')));
      assertUntouched(box);
    }

    const prod = sandbox();
    writeJson(join(prod.dir, 'package.json'), { name: 'app', private: true });
    r = npm(prod, ['install', '--omit=dev', '--foreground-scripts', TARBALL]);
    assert.equal(r.code, 0, r.stderr);
    assertFlowgateHooks(prod);
  });

  it('a dependency of a dependency (npm): no repository is touched, and the install says why', () => {
    requirePacked();
    const box = sandbox();
    const lib = join(box.home, 'lib');
    mkdirSync(lib);
    writeJson(join(lib, 'package.json'), { name: 'lib-using-flowgate', version: '1.0.0', dependencies: { flowgate: `file:${TARBALL}` } });
    // the library is a git work tree of its own too: it must not get hooks either
    assert.equal(run('git', ['init', '-q', lib], { env: box.env }).code, 0);
    writeJson(join(box.dir, 'package.json'), { name: 'consumer', private: true });
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', box.home], { cwd: lib, env: box.env }).stdout) as { filename: string }[];
    const r = npm(box, ['install', '--foreground-scripts', join(box.home, packed[0]!.filename)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /hooks not installed: flowgate is a dependency of another package/);
    assertUntouched(box);
    assertUntouched(box, lib);
  });

  it('a global core.hooksPath: the repository’s hooks take precedence (said at install); uninstall gives the global hooks back', () => {
    const box = installedSandbox({ install: false });
    const globalHooks = join(box.home, 'global-hooks');
    mkdirSync(globalHooks);
    writeFileSync(join(globalHooks, 'pre-commit'), `#!/bin/sh\necho global >> '${join(box.home, 'global.log')}'\n`);
    chmodSync(join(globalHooks, 'pre-commit'), 0o755);
    box.gitOk(['config', '--global', 'core.hooksPath', globalHooks]);
    const r = box.bin(['install']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /takes precedence over the global one/);
    assert.equal(box.gitOk(['config', '--global', 'core.hooksPath']), globalHooks, 'the global value is not changed');
    assertGuarded(box, 'feature/63-global');
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.equal(box.gitOk(['config', 'core.hooksPath']), globalHooks);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'anything goes again']).code, 0);
    assert.match(readFileSync(join(box.home, 'global.log'), 'utf8'), /global/);
  });

  it('git-lfs’s pre-push hook keeps running after flowgate’s, with the same stdin, so LFS objects are still pushed', () => {
    const box = installedSandbox({ install: false });
    // A stand-in for the git-lfs binary: records what `git lfs pre-push` received.
    const bin = join(box.home, 'bin');
    mkdirSync(bin);
    const log = join(box.home, 'lfs.log');
    writeFileSync(join(bin, 'git-lfs'), `#!/bin/sh\n[ "$1" = pre-push ] || exit 0\n{ echo "args: $2 $3"; cat; echo end; } >> '${log}'\n`);
    chmodSync(join(bin, 'git-lfs'), 0o755);
    // the hook `git lfs install` writes, word for word
    const hook = join(box.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(
      hook,
      `#!/bin/sh\ncommand -v git-lfs >/dev/null 2>&1 || { printf >&2 "\\n%s\\n\\n" "This repository is configured for Git LFS but 'git-lfs' was not found on your path. If you no longer wish to use Git LFS, remove this hook by deleting the 'pre-push' file in the hooks directory (set by 'core.hookspath'; usually '.git/hooks')."; exit 2; }\ngit lfs pre-push "$@"\n`,
    );
    chmodSync(hook, 0o755);
    const r = box.bin(['install']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /kept \.git\/hooks\/pre-push/);
    const env = { PATH: `${bin}:${box.env.PATH}` };
    box.gitOk(['switch', '-q', '-c', 'feature/64-lfs']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: big file'], { env });
    const sha = box.gitOk(['rev-parse', 'HEAD']);
    const ok = box.git(['push', '-q', 'origin', 'HEAD', 'HEAD:refs/heads/feature/65-second'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    const seen = readFileSync(log, 'utf8');
    assert.match(seen, new RegExp(`^args: origin ${box.remote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(seen, new RegExp(`^HEAD ${sha} refs/heads/feature/64-lfs 0{40}$`, 'm'));
    assert.match(seen, new RegExp(`^HEAD ${sha} refs/heads/feature/65-second 0{40}$`, 'm'));
    // a refused push stops before LFS uploads anything
    const before = seen;
    assert.equal(box.git(['push', 'origin', 'HEAD:main'], { env }).code, 1);
    assert.equal(readFileSync(log, 'utf8'), before);
  });

  it('another hook manager: postinstall never fails npm install over it, and its hooks keep running', () => {
    requirePacked();
    const box = sandbox();
    mkdirSync(join(box.dir, '.githooks'));
    writeFileSync(join(box.dir, '.githooks', 'pre-commit'), `#!/bin/sh\necho other-manager >> '${join(box.home, 'other.log')}'\n`);
    chmodSync(join(box.dir, '.githooks', 'pre-commit'), 0o755);
    box.gitOk(['config', 'core.hooksPath', '.githooks']);
    writeJson(join(box.dir, 'package.json'), { name: 'app', private: true });
    const r = npm(box, ['install', '--foreground-scripts', '-D', TARBALL]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /another hook manager/);
    assert.equal(box.gitOk(['config', 'core.hooksPath']), '.githooks');
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'the other manager decides']).code, 0);
    assert.match(readFileSync(join(box.home, 'other.log'), 'utf8'), /other-manager/);
  });

  it('values set twice: install --force twice over a foreign value, then uninstall restores it once', () => {
    const box = installedSandbox({ install: false });
    box.gitOk(['config', 'core.hooksPath', '.githooks']);
    box.gitOk(['config', '--add', 'core.hooksPath', '.githooks']);
    assert.equal(box.bin(['install', '--force']).code, 0);
    assert.equal(box.bin(['install', '--force']).code, 0);
    assert.equal(box.bin(['install']).code, 0);
    assert.equal(box.git(['config', '--get-all', 'core.hooksPath']).code, 1);
    assertFlowgateHooks(box);
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.deepEqual(box.gitOk(['config', '--get-all', 'core.hooksPath']).split('\n'), ['.githooks']);
    assert.equal(box.git(['config', '--get-regexp', '^flowgate\\.']).code, 1, 'no flowgate.* keys are left');
    // and a second uninstall changes nothing
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.deepEqual(box.gitOk(['config', '--get-all', 'core.hooksPath']).split('\n'), ['.githooks']);
  });
});

