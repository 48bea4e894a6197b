/**
 * Property tests (fast-check) for branch names: whatever a person types, the names flowgate
 * generates pass `git check-ref-format --branch` and flowgate's own rules, carry the issue they
 * were made for, and slugs are stable. Complements the start e2e property with versions, fuller
 * Unicode and the checker fed arbitrary text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../../src/config/defaults.js';
import { checkBranchName, describeBranch, slugify, startBranchName } from '../../src/core/branch.js';

const config = defaultConfig();
const hostile = fc.constantFrom('$(rm -rf ~)', '`id`', ';', '"', "'", '%s', '\u001b[31m', '\u001b]0;x\u0007', '..', '@{', '~^:?*[\\', '.lock', '/', '-', '--', ' ', '\t', '\n', '\r', '\u0000', '\u007f', 'e\u0301', 'ﬁ', 'İ', 'ß', '🚀', '👩‍💻', '日本語', '\u200b', '\u202e');
const text = fc
  .array(fc.oneof(hostile, fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.lorem({ maxCount: 3 })), { maxLength: 8 })
  .map((parts) => parts.join(' '));
const semverish = fc
  .tuple(fc.constantFrom('', 'v'), fc.nat(99), fc.nat(99), fc.nat(99), fc.option(fc.stringMatching(/^[0-9A-Za-z-]{1,8}(\.[0-9A-Za-z-]{1,8})?$/), { nil: undefined }), fc.option(fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/), { nil: undefined }))
  .map(([v, a, b, c, pre, build]) => `${v}${a}.${b}.${c}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}`);
const issue = fc.oneof(fc.integer({ min: 1, max: 9_999_999 }).map(String), fc.stringMatching(/^[A-Z][A-Z0-9]{1,5}-[1-9][0-9]{0,5}$/));

/** Names git refuses, checked with one shell running `git check-ref-format --branch "$n"` per name (names are arguments). */
function refusedByGit(names: string[]): string[] {
  const r = spawnSync('sh', ['-c', 'for n do git check-ref-format --branch "$n" >/dev/null 2>&1 || printf "%s\\0" "$n"; done', 'sh', ...names], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').filter(Boolean);
}

describe('property: generated branch names', () => {
  it('any type, issue or version, and description → a name git accepts and our rules accept', () => {
    const type = fc.constantFrom('feature', 'bugfix', 'hotfix', 'release', 'chore', 'docs', 'support');
    const subject = fc.oneof(issue, issue.map((i) => (/^\d/.test(i) ? `#${i}` : i)), semverish, text);
    const names = new Set<string>();
    fc.assert(
      fc.property(type, subject, fc.option(text, { nil: undefined }), (t, s, d) => {
        const r = startBranchName({ type: t, subject: s, description: d }, config);
        if (!r.ok) {
          assert.ok(r.reason.length > 0);
          return;
        }
        assert.ok(r.name.startsWith(`${t}/`));
        assert.ok(!/[\s\u0000-\u001f\u007f~^:?*[\\]|\.\.|@\{|\.lock$|\/$|\.$/.test(r.name), r.name);
        const check = checkBranchName(r.name, config);
        assert.ok(check.ok, `${r.name}: ${check.ok ? '' : check.reason}`);
        names.add(r.name);
      }),
      { numRuns: 500 },
    );
    assert.ok(names.size > 150, `only ${names.size} distinct names`);
    assert.deepEqual(refusedByGit([...names]), []);
  });

  it('a name made for an issue carries that issue back (describeBranch), whatever the description', () => {
    fc.assert(
      fc.property(fc.constantFrom('feature', 'bugfix', 'chore', 'docs', 'support'), issue, text, (t, i, d) => {
        const r = startBranchName({ type: t, subject: i, description: d }, config);
        assert.ok(r.ok);
        assert.equal(r.issue, i);
        assert.equal(describeBranch(r.name, config).issue, i);
      }),
      { numRuns: 300 },
    );
  });

  it('versions for release/ and hotfix/ keep their semver (v dropped)', () => {
    fc.assert(
      fc.property(fc.constantFrom('release', 'hotfix'), semverish, (t, v) => {
        const r = startBranchName({ type: t, subject: v }, config);
        assert.ok(r.ok, `${t} ${v}`);
        assert.equal(r.name, `${t}/${v.replace(/^v/, '')}`);
        assert.equal(checkBranchName(r.name, config).ok, true);
      }),
      { numRuns: 200 },
    );
  });

  it('slugify: lower-case ASCII words, at most 48 characters, idempotent', () => {
    fc.assert(
      fc.property(text, (d) => {
        const slug = slugify(d);
        assert.match(slug, /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/);
        assert.ok(slug.length <= 48);
        assert.equal(slugify(slug), slug);
      }),
      { numRuns: 500 },
    );
  });

  it('the checker never throws, and its reason carries no raw control characters beyond the name it quotes', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 })), (name) => {
        const check = checkBranchName(name, config);
        if (!check.ok) assert.ok(check.reason.includes('expected'));
        describeBranch(name, config);
      }),
      { numRuns: 500 },
    );
  });
});
