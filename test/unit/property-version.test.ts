/**
 * Property tests (fast-check) for versions: every bump moves forward, bigger bumps never land
 * below smaller ones, more commits never lower the next version, 0.x never leaves 0 by itself,
 * and the highest tag is the semver maximum whatever the order of the tags.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import semver from 'semver';
import { bumpVersion, effectiveBump, highestTag, nextVersion, parseVersionRequest, type Bump, type BumpCommit } from '../../src/core/version.js';

const pre = fc.option(fc.stringMatching(/^(alpha|beta|rc)(\.[1-9][0-9]?)?$/), { nil: undefined });
const version = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30), pre).map(([a, b, c, p]) => `${a}.${b}.${c}${p ? `-${p}` : ''}`);
const bump = fc.constantFrom<Bump>('patch', 'minor', 'major');
const commit: fc.Arbitrary<BumpCommit> = fc.record({
  type: fc.option(fc.constantFrom('feat', 'feature', 'fix', 'perf', 'chore', 'docs', 'refactor', 'FEAT', 'Fix', ''), { nil: null }),
  notes: fc.array(fc.record({ title: fc.constantFrom('BREAKING CHANGE', 'BREAKING-CHANGE', 'breaking changes', 'NOTE'), text: fc.string() }), { maxLength: 2 }),
});
const ORDER: Record<string, number> = { none: -1, patch: 0, minor: 1, major: 2 };

describe('property: versions', () => {
  it('every bump is strictly higher, and major ≥ minor ≥ patch', () => {
    fc.assert(
      fc.property(version, (v) => {
        const [p, m, M] = (['patch', 'minor', 'major'] as const).map((b) => bumpVersion(v, b));
        for (const next of [p, m, M]) assert.ok(semver.gt(next!, v), `${next} is not above ${v}`);
        assert.ok(semver.gte(M!, m!) && semver.gte(m!, p!), `${v}: ${p} ${m} ${M}`);
      }),
      { numRuns: 500 },
    );
  });

  it('computed next versions: never below the current one, and more commits never lower it', () => {
    fc.assert(
      fc.property(version, fc.array(commit, { maxLength: 8 }), fc.array(commit, { maxLength: 4 }), (v, commits, more) => {
        const a = nextVersion(v, commits);
        const b = nextVersion(v, [...commits, ...more]);
        assert.ok(a.ok && b.ok);
        assert.ok(semver.gte(a.value.next, v));
        assert.ok(semver.gte(b.value.next, a.value.next), `${v}: ${a.value.next} then ${b.value.next}`);
        assert.ok(ORDER[b.value.bump]! >= ORDER[a.value.bump]!);
        assert.equal(commits.length === 0, a.value.bump === 'none');
      }),
      { numRuns: 500 },
    );
  });

  it('below 1.0.0 the computed version stays below 1.0.0', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(30), fc.array(commit, { minLength: 1, maxLength: 8 }), bump, (m, p, commits, b) => {
        const v = `0.${m}.${p}`;
        const r = nextVersion(v, commits);
        assert.ok(r.ok);
        assert.equal(semver.major(r.value.next), 0, `${v} → ${r.value.next}`);
        assert.notEqual(effectiveBump(v, b), 'major');
      }),
      { numRuns: 300 },
    );
  });

  it('an exact request is taken only when it is above the current version', () => {
    fc.assert(
      fc.property(version, version, (current, asked) => {
        const parsed = parseVersionRequest(`v${asked}`);
        assert.ok(parsed.ok);
        const r = nextVersion(current, [], parsed.request);
        assert.equal(r.ok, semver.gt(asked, current));
        if (r.ok) assert.equal(r.value.next, asked);
      }),
      { numRuns: 300 },
    );
  });

  it('highestTag is the semver maximum of the release tags, in any order, ignoring other tags', () => {
    const other = fc.constantFrom('latest', 'v1', 'vnext', 'release-2', 'v1.2', 'v01.2.3', 'x1.0.0');
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), fc.array(other, { maxLength: 4 }), (versions, noise) => {
        const tags = fc.sample(fc.shuffledSubarray([...versions.map((v) => `v${v}`), ...noise], { minLength: versions.length + noise.length }), 1)[0]!;
        const best = highestTag(tags, 'v');
        if (versions.length === 0) assert.equal(best, undefined);
        else assert.equal(best?.version, semver.rsort([...versions])[0]);
      }),
      { numRuns: 300 },
    );
  });
});
