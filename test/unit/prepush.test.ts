import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../../src/config/defaults.js';
import { evaluatePush, formatPushLine, parsePushLines, pushedTips, updateKind, type PushUpdate } from '../../src/core/prepush.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const config = defaultConfig();
const all = { protectedBranch: true, branchName: true };

describe('pre-push input', () => {
  it('parses git’s lines and ignores blanks and CRs', () => {
    const updates = parsePushLines(`refs/heads/x ${A} refs/heads/main ${B}\r\n\n`);
    assert.deepEqual(updates, [{ localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/main', remoteSha: B }]);
    assert.deepEqual(parsePushLines(''), []);
    assert.throws(() => parsePushLines('garbage'));
  });
  it('round-trips any well-formed line', () => {
    const sha = fc.stringMatching(/^[0-9a-f]{40}$/);
    const ref = fc.stringMatching(/^refs\/(heads|tags)\/[a-z0-9][a-z0-9/._-]{0,30}$/);
    fc.assert(
      fc.property(fc.array(fc.record({ localRef: ref, localSha: sha, remoteRef: ref, remoteSha: sha }), { maxLength: 20 }), (updates: PushUpdate[]) => {
        assert.deepEqual(parsePushLines(updates.map(formatPushLine).join("\n")), updates.map((u) => ({ ...u })));
      }),
    );
  });
  it('classifies create, update, delete', () => {
    assert.equal(updateKind({ localRef: 'x', localSha: A, remoteRef: 'y', remoteSha: Z }), 'create');
    assert.equal(updateKind({ localRef: 'x', localSha: A, remoteRef: 'y', remoteSha: B }), 'update');
    assert.equal(updateKind({ localRef: '(delete)', localSha: Z, remoteRef: 'y', remoteSha: B }), 'delete');
  });
});

describe('evaluatePush', () => {
  const table: [string, PushUpdate, boolean][] = [
    ['update main', { localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/main', remoteSha: B }, true],
    ['delete develop', { localRef: '(delete)', localSha: Z, remoteRef: 'refs/heads/develop', remoteSha: B }, true],
    ['create main', { localRef: 'HEAD', localSha: A, remoteRef: 'refs/heads/main', remoteSha: Z }, true],
    ['tag named main', { localRef: 'refs/tags/main', localSha: A, remoteRef: 'refs/tags/main', remoteSha: Z }, false],
    ['feature branch', { localRef: 'refs/heads/feature/1-x', localSha: A, remoteRef: 'refs/heads/feature/1-x', remoteSha: Z }, false],
    ['bad new name', { localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/Bad', remoteSha: Z }, true],
    ['existing bad name update', { localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/Bad', remoteSha: B }, false],
    ['bot branch', { localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/renovate/x', remoteSha: Z }, false],
    ['notes ref', { localRef: 'refs/notes/commits', localSha: A, remoteRef: 'refs/notes/commits', remoteSha: B }, false],
    ['main-like name', { localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/feature/main', remoteSha: B }, false],
  ];
  for (const [name, update, refused] of table) {
    it(`${refused ? 'refuses' : 'allows'} ${name}`, () => {
      assert.equal(evaluatePush([update], config, all, 'origin').length > 0, refused);
    });
  }
  it('honours globs and disabled checks', () => {
    const custom = { ...config, protected: ['release/*'] };
    const u = { localRef: 'x', localSha: A, remoteRef: 'refs/heads/release/1.0.0', remoteSha: B };
    assert.equal(evaluatePush([u], custom, all).length, 1);
    assert.equal(evaluatePush([u], custom, { protectedBranch: false, branchName: true }).length, 0);
  });
  it('collects the tips to lint, not deletions', () => {
    assert.deepEqual(
      pushedTips([
        { localRef: 'a', localSha: A, remoteRef: 'refs/heads/a', remoteSha: Z },
        { localRef: 'b', localSha: A, remoteRef: 'refs/heads/b', remoteSha: Z },
        { localRef: '(delete)', localSha: Z, remoteRef: 'refs/heads/c', remoteSha: B },
      ]),
      [A],
    );
  });
  it('creating a protected branch at reviewed commits is allowed; updates and deletions never are', () => {
    const reviewed = (sha: string) => sha === A;
    const facts = { reviewed };
    const create = (sha: string, branch = 'develop'): PushUpdate => ({ localRef: 'refs/heads/develop', localSha: sha, remoteRef: `refs/heads/${branch}`, remoteSha: Z });
    assert.deepEqual(evaluatePush([create(A)], config, all, 'origin', facts), []);
    assert.deepEqual(evaluatePush([create(A, 'main')], config, all, 'origin', facts), []);
    const unreviewed = evaluatePush([create(B)], config, all, 'origin', facts);
    assert.equal(unreviewed.length, 1);
    assert.match(unreviewed[0]!.reason, /creating protected branch 'develop' on origin with commits that none of its protected branches has/);
    // without the facts (or when they are unknown) a create is refused
    assert.equal(evaluatePush([create(A)], config, all, 'origin').length, 1);
    assert.equal(evaluatePush([{ localRef: 'refs/heads/x', localSha: A, remoteRef: 'refs/heads/main', remoteSha: B }], config, all, 'origin', facts).length, 1);
    assert.equal(evaluatePush([{ localRef: '(delete)', localSha: Z, remoteRef: 'refs/heads/develop', remoteSha: A }], config, all, 'origin', facts).length, 1);
  });
});
