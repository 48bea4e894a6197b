/**
 * Property tests (fast-check) for git's pre-push input: every line git can write round-trips
 * through parsePushLines/formatPushLine (any ref name git allows, CRLF, blank lines), malformed
 * lines are refused rather than misread, and the verdict on protected branches does not depend
 * on how the push was spelled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../../src/config/defaults.js';
import { evaluatePush, formatPushLine, parsePushLines, pushedTips, updateKind, type PushUpdate } from '../../src/core/prepush.js';

const ZERO = '0'.repeat(40);
const config = defaultConfig();
const checks = { protectedBranch: true, branchName: true };

const sha = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[0-9a-f]{40}$/).filter((s) => !/^0+$/.test(s)) }, { weight: 1, arbitrary: fc.constant(ZERO) });
// A ref component git allows: no space, control, ~^:?*[\, no "..", "@{", no leading "." or "-", no ".lock" end.
const component = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .map((s) => s.replace(/[\s\u0000-\u001f\u007f~^:?*[\\/]/g, ''))
  .filter((s) => s.length > 0 && !s.startsWith('.') && !s.startsWith('-') && !s.endsWith('.lock') && !s.includes('..') && !s.includes('@{') && !s.endsWith('.') && s !== '@');
const hostileComponent = fc.constantFrom('$(touch${IFS}x)', '`id`', ';rm', '"q"', "'q'", '%s%n', 'ü', '日本', '🚀', 'e\u0301');
const name = fc.array(fc.oneof(component, hostileComponent), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const ref = fc.oneof(name.map((n) => `refs/heads/${n}`), name.map((n) => `refs/tags/${n}`), fc.constant('HEAD'), fc.constant('(delete)'));
const update: fc.Arbitrary<PushUpdate> = fc.record({ localRef: ref, localSha: sha, remoteRef: ref.filter((r) => r.startsWith('refs/')), remoteSha: sha });

describe('property: pre-push lines', () => {
  it('round-trip: format then parse gives the updates back, with LF or CRLF and stray blank lines', () => {
    fc.assert(
      fc.property(fc.array(update, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (updates, eol, blanks) => {
        const text = updates.map(formatPushLine).join(blanks ? `${eol}${eol}` : eol) + (blanks ? `${eol}${eol}` : eol);
        const plain = updates.map((u) => ({ ...u }));
        assert.deepEqual(parsePushLines(text), plain);
        assert.deepEqual(parsePushLines(parsePushLines(text).map(formatPushLine).join('\n')), plain);
      }),
      { numRuns: 300 },
    );
  });

  it('a line with a missing, extra or swapped field is refused, never misread', () => {
    fc.assert(
      fc.property(update, fc.integer({ min: 0, max: 4 }), (u, variant) => {
        const fields = [u.localRef, u.localSha, u.remoteRef, u.remoteSha];
        const line = [
          [...fields, 'extra'],
          fields.slice(0, 3),
          fields.slice(1),
          [u.localRef, u.remoteRef, u.localSha, u.remoteSha],
          [u.localSha, u.localRef, u.remoteRef, u.remoteSha],
        ][variant]!.join(' ');
        assert.throws(() => parsePushLines(line), /unexpected pre-push input/);
      }),
      { numRuns: 200 },
    );
  });

  it('every create, update or delete of a protected branch is refused, whatever the local side; tags never are', () => {
    const local = fc.oneof(ref, fc.constant('refs/heads/main'), fc.constant('HEAD'));
    fc.assert(
      fc.property(fc.array(update, { maxLength: 6 }), local, sha, sha, fc.constantFrom('main', 'develop'), (others, localRef, localSha, remoteSha, target) => {
        const protectedUpdate: PushUpdate = { localRef, localSha, remoteRef: `refs/heads/${target}`, remoteSha };
        const all = [...others, protectedUpdate];
        const refusals = evaluatePush(all, config, checks);
        assert.ok(refusals.some((r) => r.ref === target), `${formatPushLine(protectedUpdate)} went through`);
        const tagOnly = all.filter((u) => u.remoteRef.startsWith('refs/tags/'));
        assert.deepEqual(evaluatePush(tagOnly, config, checks), []);
        // the order of the lines does not change the verdict
        assert.deepEqual(new Set(evaluatePush([...all].reverse(), config, checks).map((r) => r.ref)), new Set(refusals.map((r) => r.ref)));
      }),
      { numRuns: 300 },
    );
  });

  it('pushedTips: every sha a non-deleting update sends, no zero sha, no duplicates', () => {
    fc.assert(
      fc.property(fc.array(update, { maxLength: 20 }), (updates) => {
        const tips = pushedTips(updates);
        assert.equal(new Set(tips).size, tips.length);
        assert.ok(!tips.includes(ZERO));
        for (const u of updates) if (updateKind(u) !== 'delete') assert.ok(tips.includes(u.localSha));
      }),
      { numRuns: 300 },
    );
  });
});
