import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { mergeConfig } from '../../src/config/validate.js';
import { checkBranchName, describeBranch, slugify, startBranchName } from '../../src/core/branch.js';

const config = defaultConfig();

describe('checkBranchName', () => {
  const valid: [string, Record<string, string | undefined>][] = [
    ['main', {}],
    ['master', {}],
    ['develop', {}],
    ['feature/123-add-login', { type: 'feature', issue: '123', slug: 'add-login' }],
    ['feature/123', { type: 'feature', issue: '123' }],
    ['feature/login-page', { type: 'feature', slug: 'login-page' }],
    ['bugfix/ABC-123-fix-typo', { type: 'bugfix', issue: 'ABC-123', slug: 'fix-typo' }],
    ['hotfix/125-null-crash', { type: 'hotfix', issue: '125' }],
    ['hotfix/1.3.1', { type: 'hotfix', version: '1.3.1' }],
    ['release/1.4.0', { type: 'release', version: '1.4.0' }],
    ['release/2.0.0-rc.1', { type: 'release', version: '2.0.0-rc.1' }],
    ['chore/deps', { type: 'chore' }],
    ['docs/42-readme', { type: 'docs', issue: '42' }],
    ['support/1-x', { type: 'support' }],
    ['dependabot/npm_and_yarn/lodash-4.17.21', {}],
    ['renovate/react-18.x', {}],
  ];
  for (const [name, expected] of valid) {
    it(`accepts ${name}`, () => {
      const r = checkBranchName(name, config);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      for (const [k, v] of Object.entries(expected)) assert.equal((r.info as unknown as Record<string, unknown>)[k], v, k);
    });
  }
  const invalid = ['Feature/123-x', 'feature/Add-Login', 'feature/add_login', 'wip/123', 'feature/', 'release/next', 'release/1.4', 'stuff', 'feature/123--x', 'feature/-x'];
  for (const name of invalid) {
    it(`refuses ${name}`, () => {
      const r = checkBranchName(name, config);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, /expected <type>\//);
    });
  }
  it('requires an issue id when configured', () => {
    const strict = mergeConfig({ requireIssue: true });
    assert.equal(checkBranchName('feature/login', strict).ok, false);
    assert.equal(checkBranchName('feature/12-login', strict).ok, true);
    assert.equal(checkBranchName('chore/deps', strict).ok, true);
  });
  it('knows the configured long-lived names', () => {
    const custom = mergeConfig({ branches: { main: 'trunk', develop: null } });
    assert.equal(checkBranchName('trunk', custom).ok, true);
    assert.deepEqual(custom.protected, ['trunk']);
  });
});

describe('startBranchName', () => {
  const cases: [string, string, string | undefined, string][] = [
    ['feature', '123', 'Add login page', 'feature/123-add-login-page'],
    ['feature', '#123', undefined, 'feature/123'],
    ['feature', 'login-page', undefined, 'feature/login-page'],
    ['feature', 'Login', 'Page', 'feature/login-page'],
    ['bugfix', 'ABC-7', 'Crash on “save” — $(rm -rf /)', 'bugfix/ABC-7-crash-on-save-rm-rf'],
    ['feature', '5', 'Café déjà vu', 'feature/5-cafe-deja-vu'],
    ['hotfix', '1.2.1', undefined, 'hotfix/1.2.1'],
    ['hotfix', '125', 'null crash', 'hotfix/125-null-crash'],
    ['release', '1.4.0', undefined, 'release/1.4.0'],
    ['feature', '9', '🚀🚀', 'feature/9'],
  ];
  for (const [type, subject, description, expected] of cases) {
    it(`${type} ${subject} ${description ?? ''} → ${expected}`, () => {
      const r = startBranchName({ type, subject, description }, config);
      assert.ok(r.ok);
      if (r.ok) assert.equal(r.name, expected);
    });
  }
  it('refuses a release without a version and an empty name', () => {
    assert.equal(startBranchName({ type: 'release', subject: 'next' }, config).ok, false);
    assert.equal(startBranchName({ type: 'feature', subject: '🚀' }, config).ok, false);
  });
  it('keeps slugs short', () => {
    const r = startBranchName({ type: 'feature', subject: '1', description: 'word '.repeat(40) }, config);
    assert.ok(r.ok && r.name.length <= 'feature/1-'.length + 48);
  });
});

describe('describeBranch and slugify', () => {
  it('finds the issue even in names that break the rules', () => {
    assert.equal(describeBranch('wip/77-thing', config).issue, '77');
    assert.equal(describeBranch('feature/ABC-12-x', config).issue, 'ABC-12');
    assert.equal(describeBranch('main', config).issue, undefined);
  });
  it('slugifies to lower-case ASCII words', () => {
    assert.equal(slugify('  Hello, World!  '), 'hello-world');
    assert.equal(slugify('Ünïcödé'), 'unicode');
    assert.equal(slugify('a\u0301b'), 'ab');
    assert.equal(slugify(''), '');
  });
});
