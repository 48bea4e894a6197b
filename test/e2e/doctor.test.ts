import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, sandbox, type Sandbox } from '../helpers/repo.js';

interface Doc {
  ok: boolean;
  checks: { name: string; status: 'ok' | 'warn' | 'fail'; detail: string; fix?: string }[];
}

function doctor(s: Sandbox, env: NodeJS.ProcessEnv = {}): { code: number; doc: Doc; stderr: string; stdout: string } {
  const r = s.flow(['doctor', '--json'], { env });
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc, stderr: r.stderr, stdout: r.stdout };
}

const check = (doc: Doc, name: string) => doc.checks.find((c) => c.name === name);

/** A project as npm would leave it: package.json, flowgate in node_modules/.bin, hooks installed. */
function installed(): Sandbox {
  const s = sandbox();
  s.write('package.json', `${JSON.stringify({ name: 'demo', version: '1.0.0', devDependencies: { flowgate: '*' } }, null, 2)}\n`);
  mkdirSync(join(s.dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(CLI, join(s.dir, 'node_modules/.bin/flowgate'));
  const r = s.flow(['install']);
  assert.equal(r.code, 0, r.stderr);
  // The documented fix for GUI clients, so the check passes wherever this machine keeps node.
  s.write('../home/.config/husky/init.sh', `export PATH="${dirname(process.execPath)}:$PATH"\n`);
  return s;
}

describe('flow doctor', () => {
  let s: Sandbox;
  before(() => {
    s = installed();
  });

  test('a healthy install: exit 0, one line per check, warnings only for the forge', () => {
    const r = s.flow(['doctor']);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ['git', 'node', 'core.hooksPath', 'hook scripts', 'hook lines', 'flowgate binary', 'node for GUI clients', 'config', 'commitlint config', 'worktrees']) {
      assert.match(r.stdout, new RegExp(`^✔ ${name.replace(/\./g, '\\.')}\\s`, 'm'), `${name} is ok`);
    }
    assert.match(r.stdout, /^⚠ forge\s/m, 'a local origin is not a known forge: a warning');
    assert.equal(r.stderr, '', 'the report goes to stdout');

    const { code, doc } = doctor(s);
    assert.equal(code, 0);
    assert.equal(doc.ok, true);
    assert.deepEqual(doc.checks.filter((c) => c.status === 'fail'), []);
    assert.match(check(doc, 'node for GUI clients')!.detail, /init\.sh/);
  });

  test('in a linked worktree the main worktree\'s hooks count, and the worktrees are listed', () => {
    const wt = join(s.dir, '..', 'linked wt');
    s.gitOk(['worktree', 'add', '-q', '-b', 'feature/1-wt', wt]);
    try {
      const r = s.flow(['doctor', '--json'], { cwd: wt });
      const doc = JSON.parse(r.stdout) as Doc;
      assert.equal(r.code, 0, r.stderr);
      assert.match(check(doc, 'core.hooksPath')!.detail, /shared by every worktree/);
      assert.equal(check(doc, 'hook scripts')!.status, 'ok');
      assert.equal(check(doc, 'flowgate binary')!.status, 'ok');
      assert.match(check(doc, 'worktrees')!.detail, /^2, .*linked wt \(feature\/1-wt\)/);
    } finally {
      s.gitOk(['worktree', 'remove', '--force', wt]);
    }
  });

  test('a hook stub that is not executable: exit 1 with the fix', () => {
    const stub = join(s.dir, '.git/hooks/pre-commit');
    chmodSync(stub, 0o644);
    try {
      const r = s.flow(['doctor']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^✖ hook scripts\s.*not executable: \.git\/hooks\/pre-commit/m);
      assert.match(r.stdout, /fix: npx flowgate install \(or chmod \+x \.git\/hooks\/pre-commit\)/);
      const { doc } = doctor(s);
      assert.equal(doc.ok, false);
      assert.equal(check(doc, 'hook scripts')!.status, 'fail');
    } finally {
      chmodSync(stub, 0o755);
    }
  });

  test('an invalid config: exit 1 naming the file and the key', () => {
    s.write('flowgate.config.json', '{ "protected": 5 }\n');
    try {
      const { code, doc } = doctor(s);
      assert.equal(code, 1);
      const c = check(doc, 'config')!;
      assert.equal(c.status, 'fail');
      assert.match(c.detail, /flowgate\.config\.json/);
      assert.match(c.detail, /protected/);
      assert.ok(c.fix);
    } finally {
      rmSync(join(s.dir, 'flowgate.config.json'));
    }
  });

  test('node unreachable from the PATH a GUI client gives hooks: exit 1, the fix names init.sh', () => {
    const init = join(s.home, '.config/husky/init.sh');
    writeFileSync(init, 'PATH=/nonexistent\n');
    try {
      const { code, doc } = doctor(s);
      assert.equal(code, 1);
      const c = check(doc, 'node for GUI clients')!;
      assert.equal(c.status, 'fail');
      assert.match(c.fix!, /husky\/init\.sh: export PATH="/);
    } finally {
      writeFileSync(init, `export PATH="${dirname(process.execPath)}:$PATH"\n`);
    }
  });

  test('a token is found but never printed, nor the credentials in the remote URL', () => {
    const token = 'flowgate-test-token-0123456789';
    s.gitOk(['remote', 'set-url', 'origin', 'https://someone:url-password-42@github.com/acme/app.git']);
    try {
      const { code, doc, stdout, stderr } = doctor(s, { GITHUB_TOKEN: token });
      assert.equal(code, 0, stderr);
      assert.equal(check(doc, 'forge')!.status, 'ok');
      assert.match(check(doc, 'forge')!.detail, /acme\/app/);
      assert.equal(check(doc, 'token')!.status, 'ok');
      assert.match(check(doc, 'token')!.detail, /GITHUB_TOKEN/);
      for (const out of [stdout, stderr]) {
        assert.ok(!out.includes(token), 'the token is not printed');
        assert.ok(!out.includes('url-password-42'), 'the URL password is not printed');
      }
      const none = doctor(s, { GITHUB_TOKEN: '', GH_TOKEN: '' }).doc;
      assert.equal(check(none, 'token')!.status, 'warn', 'no token is a warning');
    } finally {
      s.gitOk(['remote', 'set-url', 'origin', s.remote]);
    }
  });

  test('hooks not installed: exit 1, telling to run flowgate install', () => {
    const bare = sandbox({ remote: false });
    const { code, doc } = doctor(bare);
    assert.equal(code, 1);
    assert.equal(check(doc, 'hook scripts')!.status, 'fail');
    assert.equal(check(doc, 'hook scripts')!.fix, 'npx flowgate install');
    assert.equal(check(doc, 'remote')!.status, 'warn', 'no remote is only a warning');
  });
});
