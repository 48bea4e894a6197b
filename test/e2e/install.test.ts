import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TARBALL, installedSandbox, requirePacked } from '../helpers/installed.js';
import { assertFlowgateHooks, run, sandbox } from '../helpers/repo.js';

const HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push'];

function npmInstall(dir: string, env: NodeJS.ProcessEnv) {
  return run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts', '-D', TARBALL], { cwd: dir, env });
}

describe('npm install -D <tarball> (postinstall)', () => {
  it('installs the hooks, which then guard commits and pushes, in a path with spaces and non-ASCII', () => {
    requirePacked();
    const box = sandbox({ name: 'my prōject ü' });
    box.write('package.json', JSON.stringify({ name: 'app', private: true }) + '\n');
    const r = npmInstall(box.dir, box.env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(assertFlowgateHooks(box), join(box.dir, '.git', 'hooks'));
    assert.equal(box.git(['config', 'core.hooksPath']).code, 1, 'no core.hooksPath: nothing absolute to break on a move');
    for (const hook of HOOKS) {
      const file = join(box.dir, '.husky', hook);
      assert.match(readFileSync(file, 'utf8'), new RegExp(`flowgate hook ${hook}`));
    }
    box.write('.gitignore', 'node_modules\n');
    box.gitOk(['switch', '-q', '-c', 'feature/7-login']);
    box.gitOk(['add', '-A']);
    const bad = box.git(['commit', '-m', 'bad']);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /subject may not be empty/);
    const good = box.git(['commit', '-m', 'feat: add flowgate']);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(box.git(['push', 'origin', 'HEAD:main']).code, 1);
    assert.equal(box.git(['push', '--delete', 'origin', 'main']).code, 1);
    assert.equal(box.git(['push', '-u', 'origin', 'HEAD']).code, 0);
    assert.equal(box.gitOk(['ls-remote', box.remote, 'refs/heads/main']).split('\t')[0], box.gitOk(['rev-parse', 'main']));
  });

  it('says why and exits 0 when CI is set', () => {
    requirePacked();
    const box = sandbox();
    box.write('package.json', JSON.stringify({ name: 'app', private: true }) + '\n');
    const r = npmInstall(box.dir, { ...box.env, CI: 'true' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.git(['config', 'core.hooksPath']).code, 1);
    assert.ok(!existsSync(join(box.dir, '.husky')));
    assert.ok(!existsSync(join(box.dir, '.git', 'hooks', 'pre-commit')));
  });

  it('never fails the install outside a git repository', () => {
    requirePacked();
    const box = sandbox({ remote: false });
    const plain = join(box.home, 'not-a-repo');
    mkdirSync(plain);
    writeFileSync(join(plain, 'package.json'), JSON.stringify({ name: 'app', private: true }) + '\n');
    const r = npmInstall(plain, box.env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(plain, '.husky')));
  });
});

describe('flow install / uninstall', () => {
  it('is idempotent: a second install leaves the same files and config', () => {
    const box = installedSandbox();
    const snapshot = () =>
      HOOKS.map((h) => readFileSync(join(box.dir, '.husky', h), 'utf8') + readFileSync(join(box.dir, '.git', 'hooks', h), 'utf8')).join('|') +
      box.gitOk(['config', '--local', '--list']);
    const before = snapshot();
    assert.equal(box.bin(['install']).code, 0);
    assert.equal(snapshot(), before);
  });

  it('keeps the user’s own lines in .husky/<hook> and removes only its own on uninstall', () => {
    const box = installedSandbox({ install: false });
    box.write('.husky/pre-commit', 'echo user-line > user-ran.txt\n');
    assert.equal(box.bin(['install']).code, 0);
    const content = readFileSync(join(box.dir, '.husky', 'pre-commit'), 'utf8');
    assert.match(content, /echo user-line/);
    assert.match(content, /flowgate hook pre-commit/);
    box.gitOk(['switch', '-q', '-c', 'feature/1-x']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: x']);
    assert.ok(existsSync(join(box.dir, 'user-ran.txt')));
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.equal(readFileSync(join(box.dir, '.husky', 'pre-commit'), 'utf8').trim(), 'echo user-line > user-ran.txt');
    assert.ok(!existsSync(join(box.dir, '.husky', 'commit-msg')));
    assert.equal(box.git(['config', 'core.hooksPath']).code, 1);
    assert.ok(!existsSync(join(box.dir, '.git', 'hooks', 'pre-commit')) && !existsSync(join(box.dir, '.git', 'hooks', 'flowgate')));
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'not conventional']).code, 0);
  });

  it('keeps scripts written for husky 4-8 working (they source _/husky.sh)', () => {
    const box = installedSandbox({ install: false });
    box.write('.husky/pre-commit', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\necho old-husky > old-husky-ran.txt\n');
    assert.equal(box.bin(['install']).code, 0);
    box.gitOk(['switch', '-q', '-c', 'feature/5-old']);
    const r = box.git(['commit', '-q', '--allow-empty', '-m', 'feat: old husky script']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(box.dir, 'old-husky-ran.txt')));
  });

  it('keeps hooks already in .git/hooks running (chained), including pre-push stdin', () => {
    const box = installedSandbox({ install: false });
    const legacy = join(box.dir, '.git', 'hooks');
    writeFileSync(join(legacy, 'pre-commit'), '#!/bin/sh\necho legacy > legacy-ran.txt\n');
    writeFileSync(join(legacy, 'pre-push'), '#!/bin/sh\ncat > legacy-push.txt\n');
    chmodSync(join(legacy, 'pre-commit'), 0o755);
    chmodSync(join(legacy, 'pre-push'), 0o755);
    const r = box.bin(['install']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /kept \.git\/hooks\/pre-commit/);
    box.gitOk(['switch', '-q', '-c', 'feature/2-y']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: y']);
    assert.ok(existsSync(join(box.dir, 'legacy-ran.txt')));
    assert.equal(box.git(['push', '-q', 'origin', 'HEAD']).code, 0);
    assert.match(readFileSync(join(box.dir, 'legacy-push.txt'), 'utf8'), /^HEAD [0-9a-f]{40} refs\/heads\/feature\/2-y 0{40}$/m);
    // and a refused push never reaches the chained hook
    assert.equal(box.git(['push', 'origin', 'HEAD:main']).code, 1);
    // uninstall puts them back where they were
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.equal(readFileSync(join(legacy, 'pre-commit'), 'utf8'), '#!/bin/sh\necho legacy > legacy-ran.txt\n');
    assert.equal(readFileSync(join(legacy, 'pre-push'), 'utf8'), '#!/bin/sh\ncat > legacy-push.txt\n');
    assert.ok(!existsSync(join(legacy, 'flowgate')));
  });

  it('refuses another hook manager’s core.hooksPath without --force, and restores it on uninstall', () => {
    const box = installedSandbox({ install: false });
    box.gitOk(['config', 'core.hooksPath', '.githooks']);
    const refused = box.bin(['install']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /another hook manager.*--force/);
    assert.equal(box.gitOk(['config', 'core.hooksPath']), '.githooks');
    assert.equal(box.bin(['install', '--force']).code, 0);
    assertFlowgateHooks(box);
    assert.equal(box.git(['config', 'core.hooksPath']).code, 1);
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.equal(box.gitOk(['config', 'core.hooksPath']), '.githooks');
  });

  it('takes over a husky core.hooksPath whose folder is gone without --force', () => {
    const box = installedSandbox({ install: false });
    box.gitOk(['config', 'core.hooksPath', '.husky/_']);
    assert.equal(box.bin(['install']).code, 0);
    assertFlowgateHooks(box);
    assert.equal(box.git(['config', 'core.hooksPath']).code, 1);
  });

  it('moves an older flowgate’s absolute .husky/_ layout to .git/hooks', () => {
    const box = installedSandbox({ install: false });
    box.write('.husky/_/h', '#!/bin/sh\n# flowgate hook dispatcher (husky 9 layout). Written by `flow install`.\n');
    box.gitOk(['config', 'core.hooksPath', join(box.dir, '.husky', '_')]);
    box.gitOk(['config', '--add', 'core.hooksPath', join(box.dir, '.husky', '_')]);
    assert.equal(box.bin(['install']).code, 0);
    assertFlowgateHooks(box);
    assert.equal(box.git(['config', '--get-all', 'core.hooksPath']).code, 1);
    assert.ok(!existsSync(join(box.dir, '.husky', '_')));
  });

  it('uninstalls after core.hooksPath was set twice', () => {
    const box = installedSandbox();
    box.gitOk(['config', '--add', 'core.hooksPath', join(box.dir, '.git', 'hooks')]);
    box.gitOk(['config', '--add', 'core.hooksPath', join(box.dir, '.git', 'hooks')]);
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.equal(box.git(['config', '--get-all', 'core.hooksPath']).code, 1);
  });

  it('skips with FLOWGATE_SKIP=1 and HUSKY=0, saying why', () => {
    const box = installedSandbox({ install: false });
    for (const env of [{ FLOWGATE_SKIP: '1' }, { HUSKY: '0' }]) {
      const r = box.bin(['install'], { env });
      assert.equal(r.code, 0);
      assert.match(r.stderr, /not installed: (FLOWGATE_SKIP|HUSKY)/);
      assert.equal(box.git(['config', 'core.hooksPath']).code, 1);
    }
  });

  it('exits 2 outside a git repository', () => {
    const box = installedSandbox({ install: false });
    const outside = join(box.home, 'plain');
    mkdirSync(outside);
    writeFileSync(join(outside, 'package.json'), '{"name":"p"}\n');
    const r = box.bin(['install'], { cwd: outside });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not inside a git work tree/);
  });

  it('works with package.json in a sub-folder of the repository (monorepo)', () => {
    const box = installedSandbox({ sub: 'packages/web' });
    const hooks = assertFlowgateHooks(box);
    assert.match(readFileSync(join(hooks, 'pre-commit'), 'utf8'), /^FLOWGATE_PACKAGE=packages\/web$/m);
    box.gitOk(['switch', '-q', '-c', 'feature/3-z']);
    assert.equal(box.git(['commit', '--allow-empty', '-m', 'nope']).code, 1);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'fix: z']).code, 0);
    assert.equal(box.git(['push', 'origin', 'HEAD:develop']).code, 1);
  });

  it('keeps guarding linked worktrees without a second install', () => {
    const box = installedSandbox();
    const wt = join(box.home, 'wt');
    box.gitOk(['worktree', 'add', '-q', '-b', 'feature/9-wt', wt, 'main']);
    assert.ok(!existsSync(join(wt, 'node_modules')));
    const bad = box.git(['commit', '--allow-empty', '-m', 'bad'], { cwd: wt });
    assert.equal(bad.code, 1, bad.stderr);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat: from a worktree'], { cwd: wt }).code, 0);
    assert.match(box.gitOk(['log', '-1', '--format=%B'], { cwd: wt }), /Refs: #9/);
    assert.equal(box.git(['push', 'origin', 'HEAD:main'], { cwd: wt }).code, 1);
    assert.equal(box.git(['push', '-q', 'origin', 'HEAD'], { cwd: wt }).code, 0);
  });

  it('fails closed when the flowgate binary is missing', () => {
    const box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/4-x']);
    const env = { PATH: '/usr/bin:/bin' };
    // node is still found via the absolute path below; the binary is not
    box.write('.husky/pre-push', 'flowgate-missing hook pre-push "$@"\n');
    const r = box.git(['push', 'origin', 'HEAD:main'], { env: { ...env, PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin` } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /not found/);
  });
});
