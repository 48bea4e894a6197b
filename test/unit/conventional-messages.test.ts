import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { headerOf, revertMessage, syncMergeMessage } from '../../src/core/conventional-messages.js';
import { createLinter } from '../../src/lint/commitlint.js';

// config-conventional, as a repository without its own commitlint config gets it
const lint = await createLinter(mkdtempSync(join(tmpdir(), 'flowgate-msg-')));
const sha = '0123456789abcdef0123456789abcdef01234567';
const strictly = async (message: string) => {
  const outcome = await lint(message);
  assert.deepEqual([...outcome.errors, ...outcome.warnings].map((p) => p.name), [], message);
};

describe('merge and revert messages pass commitlint', () => {
  test('sync merges', async () => {
    assert.equal(syncMergeMessage('origin/develop', 'feature/12-login'), 'chore(sync): merge origin/develop into feature/12-login');
    const long = syncMergeMessage('origin/develop', `feature/12-${'very-long-words-'.repeat(8)}end`);
    assert.ok(long.length <= 100, long);
    for (const m of [syncMergeMessage('origin/develop', 'feature/12-login'), long]) await strictly(m);
  });

  const cases: [string, { message: string; isMerge: boolean }, string][] = [
    ['a plain commit', { message: 'feat(auth): add login\n\nbody', isMerge: false }, 'revert: feat(auth): add login'],
    ['a GitHub merge', { message: 'Merge pull request #12 from acme/feature/12-login\n\nfeat: add the login page', isMerge: true }, 'revert: feat: add the login page'],
    ['a GitLab merge', { message: "Merge branch 'feature/x' into 'main'\n\nfix: the null crash\n\nSee merge request acme/app!3", isMerge: true }, 'revert: fix: the null crash'],
    ['a merge with no title', { message: "Merge branch 'feature/x'", isMerge: true }, "revert: merge branch 'feature/x'"],
    ['a capitalised header', { message: 'Add the thing', isMerge: false }, 'revert: add the thing'],
    ['a header at the limit', { message: `feat: ${'word '.repeat(19)}end`, isMerge: false }, ''],
  ];
  for (const [name, target, header] of cases) {
    test(name, async () => {
      const message = revertMessage({ sha, ...target });
      if (header) assert.equal(message.split('\n')[0], header);
      assert.ok(message.split('\n')[0]!.length <= 100);
      assert.match(message, new RegExp(`\\n\\nThis reverts commit ${sha}\\.\\n`));
      assert.match(message, new RegExp(`\\n\\nRefs: ${sha}\\n$`));
      await strictly(message);
    });
  }

  test('headerOf reads the pull request title from a merge', () => {
    assert.equal(headerOf('Merge pull request #1 from a/b\n\nfeat: x', true), 'feat: x');
    assert.equal(headerOf('feat: y\n\nMerge pull request', false), 'feat: y');
  });
});
