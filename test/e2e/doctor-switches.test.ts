/**
 * A guard that can be off says so: the skip switches in the shell and the config's secret-scan
 * switches, as the built CLI reports them (doctor, audit, check).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, sandbox, type Sandbox } from '../helpers/repo.js';

interface Doc {
  ok: boolean;
  enforcing: boolean;
  checks: { name: string; status: string; detail: string; fix?: string; switchedOff?: string }[];
}

describe('flow doctor: guards switched off are reported, never called working', { concurrency: 1 }, () => {
  let s: Sandbox;
  before(() => {
    s = sandbox({ remote: false });
    s.write('package.json', `${JSON.stringify({ name: 'demo', private: true, devDependencies: { flowgate: '*' } })}\n`);
    mkdirSync(join(s.dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(CLI, join(s.dir, 'node_modules/.bin/flowgate'));
    assert.equal(s.flow(['install']).code, 0);
    s.write('../home/.config/husky/init.sh', `export PATH="${dirname(process.execPath)}:$PATH"\n`);
  });

  test('FLOWGATE_SKIP=1 in the shell: exit 0 (not broken), but the last line says nothing is enforced', () => {
    const healthy = JSON.parse(s.flow(['doctor', '--json']).stdout) as Doc;
    assert.equal(healthy.enforcing, true);
    const r = s.flow(['doctor'], { env: { FLOWGATE_SKIP: '1' } });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^⚠ skip switches\s+FLOWGATE_SKIP=1 is set in this shell/m);
    assert.match(r.stdout, /fix: unset FLOWGATE_SKIP/);
    const last = r.stdout.trim().split('\n').pop()!;
    assert.doesNotMatch(last, /hooks work|everything looks right/);
    assert.match(last, /FLOWGATE_SKIP=1 in this shell skips every one of them: nothing is enforced here until you `unset FLOWGATE_SKIP`/);
    const doc = JSON.parse(s.flow(['doctor', '--json'], { env: { HUSKY: '0' } }).stdout) as Doc;
    assert.equal(doc.ok, true);
    assert.equal(doc.enforcing, false);
    assert.equal(doc.checks.find((c) => c.name === 'skip switches')?.switchedOff, 'HUSKY=0');
  });

  test('a pre-commit list without "secrets": doctor warns with the way back, audit notes it', () => {
    s.write('flowgate.config.json', `${JSON.stringify({ hooks: { 'pre-commit': ['protected-branch', 'branch-name'] } })}\n`);
    try {
      const r = s.flow(['doctor', '--json']);
      assert.equal(r.code, 0, r.stdout);
      const scan = (JSON.parse(r.stdout) as Doc).checks.find((c) => c.name === 'secret scan')!;
      assert.equal(scan.status, 'warn');
      assert.match(scan.detail, /hooks\.pre-commit in flowgate\.config\.json does not list "secrets"/);
      assert.equal(scan.fix, 'add "secrets" to hooks.pre-commit: ["protected-branch","branch-name","secrets"]');
      const audit = s.flow(['audit', '--json']);
      assert.ok((JSON.parse(audit.stdout) as { notes: string[] }).notes.some((n) => /hooks\.pre-commit in flowgate\.config\.json does not list "secrets".*add "secrets"/.test(n)), audit.stdout);
    } finally {
      rmSync(join(s.dir, 'flowgate.config.json'));
    }
  });

  test('secrets.enabled false: flow check says it did not scan the range', () => {
    s.write('flowgate.config.json', '{"secrets":{"enabled":false}}\n');
    try {
      const r = s.flow(['check', '--range', 'HEAD..HEAD']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /secrets\.enabled is false in flowgate\.config\.json.*so the commits of HEAD\.\.HEAD were not scanned; to scan them, remove "enabled": false/);
    } finally {
      rmSync(join(s.dir, 'flowgate.config.json'));
    }
    assert.doesNotMatch(s.flow(['check', '--range', 'HEAD..HEAD']).stderr, /not scanned/);
  });
});
