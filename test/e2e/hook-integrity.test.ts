/**
 * Hardening — hook integrity. When the hook cannot do its job (node or the flowgate binary not
 * on the minimal PATH of a GUI client, node unable to start, a broken commitlint config), git
 * stops with a clear message: protected pushes never go through silently. Hook scripts checked
 * out with CRLF neither hang git nor break the checks.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installedSandbox, type Installed } from '../helpers/installed.js';

const remoteSha = (box: Installed, branch: string) => box.gitOk(['ls-remote', box.remote, `refs/heads/${branch}`]).split('\t')[0] ?? '';

/**
 * A PATH like a GUI git client gives its hooks: git and the usual shell tools, no node
 * (here node lives in /usr/bin, so the tools are linked into a directory of their own).
 */
function guiPath(box: Installed): string {
  const dir = join(box.home, 'gui-bin');
  mkdirSync(dir, { recursive: true });
  for (const tool of ['sh', 'git', 'cat', 'mktemp', 'rm', 'tr', 'dirname', 'basename', 'mkdir', 'sed', 'head', 'env', 'ls', 'uname']) {
    try {
      symlinkSync(join('/usr/bin', tool), join(dir, tool));
    } catch {
      // already linked
    }
  }
  return dir;
}

describe('hook integrity', { concurrency: 1 }, () => {
  const box = installedSandbox();
  box.gitOk(['switch', '-q', '-c', 'feature/70-integrity']);
  box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: something to push'], { env: { FLOWGATE_SKIP: '1' } });

  it('node not on the hook’s PATH (GUI client): push to main and commits are refused, with the way out', () => {
    const env = { PATH: guiPath(box) };
    const before = remoteSha(box, 'main');
    const push = box.git(['push', 'origin', 'HEAD:main'], { env });
    assert.notEqual(push.code, 0, 'a protected push went through without node');
    assert.match(push.stderr, /node was not found on this hook's PATH/);
    assert.match(push.stderr, /husky\/init\.sh/);
    assert.equal(remoteSha(box, 'main'), before);
    const commit = box.git(['commit', '--allow-empty', '-m', 'feat: fine message'], { env });
    assert.notEqual(commit.code, 0);
    assert.match(commit.stderr, /node was not found/);
  });

  it('~/.config/husky/init.sh that puts node on PATH (nvm users) makes the same hooks work', () => {
    const env = { PATH: guiPath(box) };
    mkdirSync(join(box.home, '.config', 'husky'), { recursive: true });
    const init = join(box.home, '.config', 'husky', 'init.sh');
    writeFileSync(init, `export PATH="${join(box.home, 'node-dir')}:$PATH"\n`);
    mkdirSync(join(box.home, 'node-dir'), { recursive: true });
    symlinkSync(process.execPath, join(box.home, 'node-dir', 'node'));
    try {
      assert.equal(box.git(['commit', '--allow-empty', '-m', 'bad'], { env }).code, 1);
      const ok = box.git(['commit', '-q', '--allow-empty', '-m', 'fix: node from init.sh'], { env });
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(box.git(['push', 'origin', 'HEAD:main'], { env }).code, 1);
    } finally {
      writeFileSync(init, '');
    }
  });

  it('the flowgate binary is gone (node_modules removed): refused, and told to run npm install (npx cannot run flowgate then)', () => {
    const modules = join(box.pkg, 'node_modules');
    renameSync(modules, `${modules}.away`);
    try {
      const before = remoteSha(box, 'main');
      for (const args of [['push', 'origin', 'HEAD:main'], ['push', 'origin', '--delete', 'develop'], ['commit', '--allow-empty', '-m', 'feat: x']]) {
        const r = box.git(args);
        assert.notEqual(r.code, 0, `git ${args.join(' ')} went through without flowgate`);
        assert.match(r.stderr, /flowgate is not installed in .*node_modules[\s\S]*run `npm install` in /);
      }
      assert.equal(remoteSha(box, 'main'), before);
      assert.equal(box.git(['ls-remote', '--exit-code', box.remote, 'refs/heads/develop']).code, 0, 'develop was deleted');
    } finally {
      renameSync(`${modules}.away`, modules);
    }
  });

  it('node cannot start (a broken NODE_OPTIONS): fail closed', () => {
    const env = { NODE_OPTIONS: `--require ${join(box.home, 'missing-preload.cjs')}` };
    const before = remoteSha(box, 'main');
    const push = box.git(['push', 'origin', 'HEAD:main'], { env });
    assert.notEqual(push.code, 0);
    assert.equal(remoteSha(box, 'main'), before);
    assert.notEqual(box.git(['commit', '--allow-empty', '-m', 'feat: y'], { env }).code, 0);
  });

  it('a commitlint config that does not load: commit-msg and pre-push refuse and name the problem', () => {
    box.write('commitlint.config.mjs', 'export default { extends: [\n');
    try {
      const commit = box.git(['commit', '--allow-empty', '-m', 'feat: fine']);
      assert.notEqual(commit.code, 0, 'committed without linting');
      assert.match(commit.stderr, /commitlint/i);
      assert.doesNotMatch(commit.stderr, /^\s+at /m, 'a raw stack trace was printed');
      const push = box.git(['push', 'origin', 'HEAD']);
      assert.notEqual(push.code, 0, 'pushed without linting');
      assert.match(push.stderr, /commitlint/i);
      assert.equal(box.git(['ls-remote', '--exit-code', box.remote, 'refs/heads/feature/70-integrity']).code, 2);
    } finally {
      box.gitOk(['clean', '-fq', 'commitlint.config.mjs']);
    }
  });

  it('hook scripts with CRLF (a Windows checkout) neither hang git nor break the checks', () => {
    const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
    box.write('.husky/pre-push', crlf(['#!/usr/bin/env sh', 'echo user-pre-push >&2', 'flowgate hook pre-push "$@"']));
    box.write('.husky/commit-msg', crlf(['flowgate hook commit-msg "$@"']));
    box.write('.husky/pre-commit', '#!/bin/sh\r\nflowgate hook pre-commit "$@"'); // and no final newline
    for (const f of ['pre-push', 'commit-msg', 'pre-commit']) chmodSync(join(box.pkg, '.husky', f), 0o755);
    const started = Date.now();
    const bad = box.git(['commit', '--allow-empty', '-m', 'bad']);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /commit message refused/);
    const good = box.git(['commit', '-q', '--allow-empty', '-m', 'fix: crlf hooks']);
    assert.equal(good.code, 0, good.stderr);
    const push = box.git(['push', 'origin', 'HEAD:main']);
    assert.equal(push.code, 1, push.stderr);
    assert.match(push.stderr, /user-pre-push/);
    assert.match(push.stderr, /protected branch 'main'/);
    assert.ok(Date.now() - started < 30_000, 'git took too long: did a hook hang?');
    box.gitOk(['checkout', '--', '.husky']);
  });

  it('a hook line the user broke (typo in the command) stops git and names the hook', () => {
    box.write('.husky/pre-push', 'flowgat hook pre-push "$@"\n');
    try {
      const before = remoteSha(box, 'main');
      const r = box.git(['push', 'origin', 'HEAD:main']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /\.husky\/pre-push/);
      assert.equal(remoteSha(box, 'main'), before);
    } finally {
      box.gitOk(['checkout', '--', '.husky']);
    }
  });
});
