import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  COMMIT_TYPES,
  composeMessage,
  gitCommentBlock,
  header,
  messageFileText,
  parseIssueList,
  validateScope,
  validateSubject,
  wrap,
  type CommitAnswers,
} from '../../src/core/commit-compose.js';
import { cleanMessage } from '../../src/core/message.js';

const opts = { issueFooter: 'Refs', issuePattern: '[A-Z][A-Z0-9]+-[0-9]+' };

test('composeMessage: header, body, breaking change and issue footer', () => {
  const cases: [CommitAnswers, string][] = [
    [{ type: 'feat', subject: 'add login page' }, 'feat: add login page'],
    [{ type: 'fix', scope: 'api', subject: 'handle empty body' }, 'fix(api): handle empty body'],
    [{ type: 'feat', scope: ' ', subject: ' trim me ' }, 'feat: trim me'],
    [{ type: 'feat', subject: 'add login', issues: '#123' }, 'feat: add login\n\nRefs: #123'],
    [{ type: 'feat', subject: 'add login', issues: '123 ABC-7, #9' }, 'feat: add login\n\nRefs: #123, ABC-7, #9'],
    [{ type: 'feat', subject: 'add login', body: 'Because users asked.', issues: '#123' }, 'feat: add login\n\nBecause users asked.\n\nRefs: #123'],
    [
      { type: 'feat', scope: 'auth', subject: 'drop v1 tokens', body: 'Why.', breaking: 'v1 tokens are refused', issues: '#5' },
      'feat(auth)!: drop v1 tokens\n\nWhy.\n\nBREAKING CHANGE: v1 tokens are refused\nRefs: #5',
    ],
    [{ type: 'fix', subject: 'crash', breaking: '  ' }, 'fix: crash'],
    // an issue already mentioned is not repeated
    [{ type: 'fix', subject: 'fix crash from #123', issues: '#123, #4' }, 'fix: fix crash from #123\n\nRefs: #4'],
    [{ type: 'fix', subject: 'x', body: 'See ABC-7.', issues: 'ABC-7' }, 'fix: x\n\nSee ABC-7.'],
    // plain words are not issue references
    [{ type: 'fix', subject: 'x', issues: 'none' }, 'fix: x'],
    [{ type: 'fix', subject: 'x', issues: '' }, 'fix: x'],
  ];
  for (const [answers, expected] of cases) assert.equal(composeMessage(answers, opts), expected, JSON.stringify(answers));
});

test('composeMessage uses the configured footer token', () => {
  assert.equal(composeMessage({ type: 'feat', subject: 'x', issues: 'ABC-1' }, { ...opts, issueFooter: 'Closes' }), 'feat: x\n\nCloses: ABC-1');
});

test('composeMessage wraps long body and breaking-change lines within 100 characters', () => {
  const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
  const message = composeMessage({ type: 'feat', subject: 'x', body: `${long}\n\nsecond paragraph`, breaking: long }, opts);
  for (const line of message.split('\n')) assert.ok(line.length <= 100, `line too long: ${line}`);
  assert.match(message, /\n\nsecond paragraph\n\nBREAKING CHANGE: word0/);
  assert.equal(message.split('\n\n').length, 4);
});

test('validateSubject', () => {
  const parts = { type: 'feat', scope: 'ui' };
  assert.equal(validateSubject('add login', parts), true);
  assert.match(String(validateSubject('', parts)), /required/);
  assert.match(String(validateSubject('   ', parts)), /required/);
  assert.match(String(validateSubject('add login.', parts)), /period/);
  assert.match(String(validateSubject('a\nb', parts)), /one line/);
  const max = 100 - 'feat(ui): '.length;
  assert.equal(validateSubject('x'.repeat(max), parts), true);
  assert.match(String(validateSubject('x'.repeat(max + 1), parts)), /101 characters/);
  // the `!` of a breaking change counts
  assert.match(String(validateSubject('x'.repeat(max), { ...parts, breaking: 'yes' })), /101 characters/);
});

test('validateScope', () => {
  assert.equal(validateScope(''), true);
  assert.equal(validateScope('api'), true);
  assert.equal(validateScope('api,ui'), true);
  assert.notEqual(validateScope('a b'), true);
  assert.notEqual(validateScope('a(b)'), true);
});

test('parseIssueList normalises ids and drops duplicates', () => {
  assert.deepEqual(parseIssueList('#1 1, 0002; ABC-12 GH-7 maybe', opts.issuePattern), ['#1', '#2', 'ABC-12', 'GH-7']);
  assert.deepEqual(parseIssueList(undefined, opts.issuePattern), []);
});

test('wrap keeps long words whole and indents continuations', () => {
  assert.deepEqual(wrap('aa bb cc', 5), ['aa bb', 'cc']);
  assert.deepEqual(wrap('https://example.com/very/long/url', 10), ['https://example.com/very/long/url']);
  assert.deepEqual(wrap('aa bb cc', 5, '  '), ['aa bb', '  cc']);
});

test('messageFileText keeps git comment lines (and the -v diff) below the message', () => {
  const gitFile = '\n# Please enter the commit message for your changes.\n#\n# On branch x\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n';
  const text = messageFileText('feat: x\n\nRefs: #1', gitFile);
  assert.ok(text.startsWith('feat: x\n\nRefs: #1\n\n# Please enter'));
  assert.ok(text.includes('diff --git a/x b/x'));
  assert.equal(cleanMessage(text), 'feat: x\n\nRefs: #1');
  assert.equal(messageFileText('feat: y', ''), 'feat: y\n');
  assert.equal(gitCommentBlock('\n; hi\n', ';'), '; hi\n');
  assert.equal(cleanMessage(messageFileText('fix: z', '\n; c\n', ';'), ';'), 'fix: z');
});

test('messageFileText replaces a commit template\'s text, keeping its comments and git\'s', () => {
  const template = '\nJIRA-: \n# <type>(<scope>): <subject>\nfill me in\n\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n+text\n';
  const text = messageFileText('feat: x', template);
  assert.equal(cleanMessage(text), 'feat: x');
  assert.ok(text.includes('# <type>(<scope>): <subject>'));
  assert.ok(!text.includes('fill me in'));
  assert.ok(text.endsWith('diff --git a/x b/x\n+text\n'), 'the -v diff below the scissors stays whole');
});

test('COMMIT_TYPES are the config-conventional types', () => {
  assert.deepEqual(
    COMMIT_TYPES.map((t) => t.value).sort(),
    ['build', 'chore', 'ci', 'docs', 'feat', 'fix', 'perf', 'refactor', 'revert', 'style', 'test'],
  );
});

test('property: a composed message survives git cleanup unchanged and keeps its header', () => {
  const word = fc.stringMatching(/^[a-z0-9][a-z0-9 ,'-]{0,30}[a-z0-9]$/);
  fc.assert(
    fc.property(
      fc.constantFrom(...COMMIT_TYPES.map((t) => t.value)),
      fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { nil: undefined }),
      word,
      fc.option(fc.array(word, { maxLength: 8 }).map((w) => w.join(' ')), { nil: undefined }),
      fc.option(word, { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 99999 }).map((n) => `#${n}`), { nil: undefined }),
      (type, scope, subject, body, breaking, issues) => {
        const answers = { type, scope, subject, body, breaking, issues };
        const message = composeMessage(answers, opts);
        assert.equal(cleanMessage(message), message);
        assert.equal(message.split('\n')[0], header(answers));
        if (issues) assert.ok(message.endsWith(`\nRefs: ${issues}`));
        else assert.ok(!message.includes('Refs:'));
        for (const line of message.split('\n').slice(1)) assert.ok(line.length <= 100);
      },
    ),
    { numRuns: 300 },
  );
});
