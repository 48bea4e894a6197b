import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import semver from 'semver';
import {
  bumpFor,
  commitBump,
  highestTag,
  isBreaking,
  nextVersion,
  parseVersionRequest,
  tagVersion,
  type Bump,
  type BumpCommit,
} from '../../src/core/version.js';
import { loadParser, parseWith, splitLog } from '../../src/release/commits.js';

const parse = await loadParser();
const commit = (message: string) => parseWith(parse, 'a'.repeat(40), message);

describe('commitBump (messages through the conventionalcommits parser)', () => {
  const table: [string, Bump][] = [
    ['feat: add login', 'minor'],
    ['feat(auth): add login', 'minor'],
    ['feature: old spelling', 'minor'],
    ['fix: null crash', 'patch'],
    ['perf: faster', 'patch'],
    ['chore: deps', 'patch'],
    ['docs: readme', 'patch'],
    ['refactor: split', 'patch'],
    ['Update readme', 'patch'],
    ['Revert "feat: add login"\n\nThis reverts commit 0123456789abcdef.', 'patch'],
    ['feat!: drop node 18', 'major'],
    ['fix(api)!: rename field', 'major'],
    ['refactor: config\n\nBREAKING CHANGE: `flow.json` is now `flowgate.json`', 'major'],
    ['fix: x\n\nBREAKING-CHANGE: the hyphen form', 'major'],
    ['chore: x\n\nbody text\n\nRefs: #12', 'patch'],
    ['', 'patch'],
  ];
  for (const [message, expected] of table) {
    it(`${JSON.stringify(message.split('\n')[0])} → ${expected}`, () => {
      assert.equal(commitBump(commit(message)), expected);
    });
  }
  it('does not treat "breaking change" in a body paragraph as a note', () => {
    assert.equal(isBreaking(commit('fix: x\n\nthis is not a breaking change at all')), false);
  });
});

describe('bumpFor', () => {
  const c = (type: string | null, breaking = false): BumpCommit => ({ type, notes: breaking ? [{ title: 'BREAKING CHANGE', text: 'x' }] : [] });
  const table: [BumpCommit[], Bump | undefined][] = [
    [[], undefined],
    [[c('fix')], 'patch'],
    [[c('chore'), c('docs')], 'patch'],
    [[c('fix'), c('feat'), c('chore')], 'minor'],
    [[c('feat'), c('chore', true)], 'major'],
    [[c(null)], 'patch'],
  ];
  for (const [commits, expected] of table) {
    it(`${commits.map((x) => `${x.type}${x.notes.length ? '!' : ''}`).join(',') || 'none'} → ${expected}`, () => {
      assert.equal(bumpFor(commits), expected);
    });
  }
});

describe('nextVersion', () => {
  const feat = commit('feat: a');
  const fix = commit('fix: a');
  const breaking = commit('feat!: a');
  const table: [string, BumpCommit[], string, string][] = [
    ['1.0.0', [feat], '1.1.0', 'minor'],
    ['1.0.0', [fix, feat], '1.1.0', 'minor'],
    ['1.0.0', [breaking], '2.0.0', 'major'],
    ['1.0.0', [commit('fix: a\n\nBREAKING CHANGE: b')], '2.0.0', 'major'],
    ['1.0.0', [fix], '1.0.1', 'patch'],
    ['1.2.3', [commit('chore: x')], '1.2.4', 'patch'],
    ['1.0.0', [], '1.0.0', 'none'],
    // below 1.0.0 a breaking change bumps the minor version
    ['0.3.1', [breaking], '0.4.0', 'minor'],
    ['0.3.1', [feat], '0.4.0', 'minor'],
    ['0.3.1', [fix], '0.3.2', 'patch'],
    ['0.0.0', [feat], '0.1.0', 'minor'],
    ['0.0.3', [breaking], '0.1.0', 'minor'],
    // a prerelease is released as its own version
    ['2.0.0-rc.1', [fix], '2.0.0', 'patch'],
  ];
  for (const [current, commits, next, bump] of table) {
    it(`${current} + [${commits.map((x) => (x as { header?: string }).header).join(', ')}] → ${next}`, () => {
      const r = nextVersion(current, commits);
      assert.ok(r.ok);
      assert.equal(r.value.next, next);
      assert.equal(r.value.bump, bump);
    });
  }

  it('an explicit bump overrides the commits (and the pre-1.0 rule)', () => {
    const r = nextVersion('0.9.0', [fix], { kind: 'bump', bump: 'major' });
    assert.ok(r.ok);
    assert.equal(r.value.next, '1.0.0');
    const m = nextVersion('1.4.2', [breaking], { kind: 'bump', bump: 'minor' });
    assert.ok(m.ok);
    assert.equal(m.value.next, '1.5.0');
  });
  it('an exact version is used as given when it is above the current one', () => {
    const r = nextVersion('1.0.0', [fix], { kind: 'exact', version: '3.0.0' });
    assert.ok(r.ok);
    assert.equal(r.value.next, '3.0.0');
    assert.equal(r.value.bump, 'exact');
  });
  it('refuses an exact version that is not above the current one', () => {
    for (const version of ['1.0.0', '0.9.9', '1.0.0-rc.1']) {
      const r = nextVersion('1.0.0', [], { kind: 'exact', version });
      assert.equal(r.ok, false, version);
      if (!r.ok) assert.match(r.reason, /not above the current version 1\.0\.0/);
    }
  });
  it('refuses a current version that is not semver', () => {
    assert.equal(nextVersion('latest', [feat]).ok, false);
  });
});

describe('parseVersionRequest', () => {
  const ok: [string | undefined, unknown][] = [
    [undefined, { kind: 'computed' }],
    ['', { kind: 'computed' }],
    ['major', { kind: 'bump', bump: 'major' }],
    ['Minor', { kind: 'bump', bump: 'minor' }],
    ['patch', { kind: 'bump', bump: 'patch' }],
    ['1.4.0', { kind: 'exact', version: '1.4.0' }],
    ['v2.0.0', { kind: 'exact', version: '2.0.0' }],
    ['2.0.0-rc.1', { kind: 'exact', version: '2.0.0-rc.1' }],
  ];
  for (const [arg, request] of ok) {
    it(`reads ${JSON.stringify(arg)}`, () => assert.deepEqual(parseVersionRequest(arg), { ok: true, request }));
  }
  for (const arg of ['1.4', 'next', '01.2.3', '1.2.3.4', '--x', 'v']) {
    it(`refuses ${arg}`, () => {
      const r = parseVersionRequest(arg);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, /is not a version; give one such as 1\.4\.0/);
    });
  }
});

describe('release tags', () => {
  it('reads the version after the prefix, only for exact semver', () => {
    assert.equal(tagVersion('v1.2.3', 'v'), '1.2.3');
    assert.equal(tagVersion('1.2.3', ''), '1.2.3');
    assert.equal(tagVersion('release-1.2.3', 'release-'), '1.2.3');
    assert.equal(tagVersion('v1.2', 'v'), undefined);
    assert.equal(tagVersion('v1.2.3-foo', 'v'), '1.2.3-foo');
    assert.equal(tagVersion('x1.2.3', 'v'), undefined);
    assert.equal(tagVersion('vv1.2.3', 'v'), undefined);
    assert.equal(tagVersion('8.0.1', 'v'), '8.0.1', 'the default prefix is optional, as conventional-changelog reads tags');
    assert.equal(tagVersion('8.0.1', 'release-'), undefined);
  });
  it('picks the highest by semver, not by name or order', () => {
    assert.deepEqual(highestTag(['v1.9.0', 'v1.10.0', 'v1.2.0', 'vnext', 'v2.0.0-rc.1'], 'v'), { tag: 'v2.0.0-rc.1', version: '2.0.0-rc.1' });
    assert.deepEqual(highestTag(['v1.9.0', 'v1.10.0', 'v1.2.0'], 'v'), { tag: 'v1.10.0', version: '1.10.0' });
    assert.equal(highestTag(['latest', 'v1'], 'v'), undefined);
  });
});

describe('splitLog', () => {
  it('splits git log -z --format=%H%n%B output', () => {
    const a = '1'.repeat(40);
    const b = '2'.repeat(40);
    const out = `${a}\nfeat: a\n\nbody\n\0${b}\nfix: b\n\0`;
    assert.deepEqual(splitLog(out), [
      { hash: a, message: 'feat: a\n\nbody\n' },
      { hash: b, message: 'fix: b\n' },
    ]);
    assert.deepEqual(splitLog(''), []);
  });
});

describe('properties', () => {
  const arbVersion = fc
    .tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.option(fc.constantFrom('alpha.1', 'rc.0', 'beta'), { nil: undefined }))
    .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
  const arbCommit = fc.record({
    type: fc.constantFrom('feat', 'fix', 'perf', 'chore', 'docs', null),
    notes: fc.constantFrom([], [{ title: 'BREAKING CHANGE', text: 'x' }]),
  });

  it('bumps are monotonic: the next version is above the current one whenever there are commits', () => {
    fc.assert(
      fc.property(arbVersion, fc.array(arbCommit, { minLength: 1, maxLength: 8 }), (current, commits) => {
        const r = nextVersion(current, commits);
        assert.ok(r.ok);
        assert.ok(semver.gt(r.value.next, current), `${r.value.next} > ${current}`);
        assert.equal(semver.prerelease(r.value.next), null);
      }),
    );
  });
  it('an explicit bump is always above the current version', () => {
    fc.assert(
      fc.property(arbVersion, fc.constantFrom<Bump>('major', 'minor', 'patch'), (current, bump) => {
        const r = nextVersion(current, [], { kind: 'bump', bump });
        assert.ok(r.ok);
        assert.ok(semver.gt(r.value.next, current));
      }),
    );
  });
  it('more commits never lower the bump', () => {
    fc.assert(
      fc.property(arbVersion, fc.array(arbCommit, { minLength: 1, maxLength: 6 }), arbCommit, (current, commits, extra) => {
        const a = nextVersion(current, commits);
        const b = nextVersion(current, [...commits, extra]);
        assert.ok(a.ok && b.ok);
        assert.ok(semver.gte(b.value.next, a.value.next));
      }),
    );
  });
});
