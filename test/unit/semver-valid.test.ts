// semverValid stands in for semver.valid in the hook bundles (@commitlint/is-ignored ignores
// release messages such as "1.2.3"): it must give semver's answer for every string.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import semver from 'semver';
import { semverValid } from '../../src/core/semver-valid.js';

const MAX = String(Number.MAX_SAFE_INTEGER);
const EDGES = [
  '1.2.3', 'v1.2.3', '=1.2.3', 'V1.2.3', 'vv1.2.3', ' 1.2.3 ', '\t1.2.3\n', '\u00a01.2.3\ufeff', '1.2.3\n\n', ' v1.2.3',
  '1.2', '1', '1.2.3.4', '01.2.3', '1.02.3', '1.2.03', '0.0.0', '00.0.0', '1.2.3-', '1.2.3+', '1.2.3-+b', '1.2.3-a..b',
  '1.2.3-01', '1.2.3-0', '1.2.3-00a', '1.2.3-0a', '1.2.3--', '1.2.3-a-b.c', '1.2.3-rc.1+build.5', '1.2.3+build.5', '1.2.3+01',
  '1.2.3+a+b', '1.2.3-rc_1', '1.2.3-ä', '1.2.3 -rc', '1.2.3-rc.1.', `${MAX}.0.0`, `0.${MAX}.0`, `0.0.${MAX}`,
  `${Number.MAX_SAFE_INTEGER + 1}.0.0`, '9007199254740993.0.0', `0.0.${'9'.repeat(300)}`, `1.2.3-${MAX}`, `1.2.3-${'9'.repeat(30)}`,
  `1.2.3-${Number.MAX_SAFE_INTEGER - 1}`, `1.2.3+${'a'.repeat(250)}`, `1.2.3+${'a'.repeat(251)}`,
  `0.0.0+${'a'.repeat(250)}`, `0.0.0+${'a'.repeat(251)}`, `0.0.0-${'a'.repeat(250)}`, `0.0.0-1${'a'.repeat(249)}`,
  `1.2.3-${'a'.repeat(250)}`, ` ${'0.0.0+'}${'a'.repeat(249)} `, `  0.0.0+${'a'.repeat(250)}`, '',
  ' ', 'chore: release', '1.2.3\u0000', '1.2.3\u2028', 'x1.2.3', '1.2.3x', '1.2.3-rc.1+build.5 extra',
];

describe('semverValid', () => {
  it('agrees with semver.valid on edge cases', () => {
    for (const v of EDGES) assert.equal(semverValid(v), semver.valid(v), JSON.stringify(v));
    // the table exercises both answers and the 256-character limit
    assert.equal(semverValid(' v1.2.3-rc.1+build.5 '), '1.2.3-rc.1');
    assert.equal(semverValid('1.2.3-01'), null);
    assert.equal(semverValid(`0.0.0+${'a'.repeat(250)}`), `0.0.0`);
    assert.equal(semverValid(` 0.0.0+${'a'.repeat(250)}`), null);
  });

  it('agrees with semver.valid on generated version-like strings', () => {
    const odd = fc.oneof(fc.constantFrom('00', '01', MAX, '9007199254740992', '9'.repeat(20)), fc.stringMatching(/^[0-9]{1,20}$/));
    const num = fc.oneof({ weight: 4, arbitrary: fc.nat(20).map(String) }, { weight: 1, arbitrary: odd });
    const ident = fc.oneof(num, fc.stringMatching(/^[0-9a-zA-Z-]{0,6}$/), fc.constantFrom('rc', 'beta', '-', 'a_b', 'é', ''));
    const dotted = (part: fc.Arbitrary<string>) => fc.array(part, { minLength: 1, maxLength: 4 }).map((a) => a.join('.'));
    const main = fc.oneof({ weight: 4, arbitrary: fc.tuple(num, num, num).map((a) => a.join('.')) }, { weight: 1, arbitrary: dotted(num) });
    const pad = fc.constantFrom('', '', '', ' ', '\t', '\n', '\u00a0', 'x');
    const version = fc
      .tuple(pad, fc.constantFrom('', '', '', 'v', 'V', '=', 'vv'), main, fc.option(dotted(ident)), fc.option(dotted(ident)), fc.nat(260), pad)
      // a long build identifier brings some near semver's 256-character limit, either side
      .map(([a, prefix, core, pre, build, fill, b]) => {
        const long = fill > 230 ? `${build === null ? '+' : '.'}${'a'.repeat(fill - 12)}` : '';
        return `${a}${prefix}${core}${pre === null ? '' : `-${pre}`}${build === null ? '' : `+${build}`}${long}${b}`;
      });
    fc.assert(fc.property(version, (v) => semverValid(v) === semver.valid(v)), { numRuns: 20_000 });
  });

  it('agrees with semver.valid on arbitrary strings', () => {
    const chars = fc.constantFrom(...'0123456789.-+vV= \tab'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 30 })), (v) => semverValid(v) === semver.valid(v)),
      { numRuns: 20_000 },
    );
  });
});
