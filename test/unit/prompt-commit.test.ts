import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/config/defaults.js';
import { askCommitMessage } from '../../src/prompts/commit-prompt.js';
import { hookMayPrompt, promptIntoFile } from '../../src/prompts/commit-hook.js';
import { isInteractive, openTerminal, PromptAborted, scriptedPrompter } from '../../src/prompts/index.js';
import type { Linter } from '../../src/lint/commitlint.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const config = defaultConfig();

const basic = { type: 'feat', scope: '', subject: 'add login page', body: '', breaking: false, issues: undefined };

test('the commit prompt asks type, scope, subject, body, breaking, issues in order', async () => {
  const p = scriptedPrompter({ ...basic, issues: '#123' });
  const message = await askCommitMessage(p, { config, issue: '123' });
  assert.equal(message, 'feat: add login page\n\nRefs: #123');
  assert.deepEqual(p.asked, ['type', 'scope', 'subject', 'body', 'breaking', 'issues']);
});

test('the issue question is prefilled with the branch issue (default taken)', async () => {
  const p = scriptedPrompter({ ...basic });
  assert.equal(await askCommitMessage(p, { config, issue: 'ABC-42' }), 'feat: add login page\n\nRefs: ABC-42');
  const none = scriptedPrompter({ ...basic });
  assert.equal(await askCommitMessage(none, { config }), 'feat: add login page');
});

test('clearing the prefilled issue leaves no footer; the footer token comes from config', async () => {
  assert.equal(await askCommitMessage(scriptedPrompter({ ...basic, issues: '' }), { config, issue: '7' }), 'feat: add login page');
  const closes = { ...config, issueFooter: 'Closes' };
  assert.equal(await askCommitMessage(scriptedPrompter({ ...basic }), { config: closes, issue: '7' }), 'feat: add login page\n\nCloses: #7');
});

test('a breaking change asks for its description and marks the header', async () => {
  const p = scriptedPrompter({ ...basic, type: 'refactor', scope: 'api', body: 'Simpler.', breaking: true, breakingDescription: 'the v1 routes are gone', issues: '#9' });
  assert.equal(await askCommitMessage(p, { config }), 'refactor(api)!: add login page\n\nSimpler.\n\nBREAKING CHANGE: the v1 routes are gone\nRefs: #9');
  assert.deepEqual(p.asked, ['type', 'scope', 'subject', 'body', 'breaking', 'breakingDescription', 'issues']);
});

test('the subject question refuses an empty subject, a trailing period and what commitlint refuses', async () => {
  await assert.rejects(askCommitMessage(scriptedPrompter({ ...basic, subject: '' }), { config }), /required/);
  await assert.rejects(askCommitMessage(scriptedPrompter({ ...basic, subject: 'add it.' }), { config }), /period/);
  await assert.rejects(askCommitMessage(scriptedPrompter({ ...basic, subject: 'x'.repeat(120) }), { config }), /characters/);
  const linted: string[] = [];
  const lint: Linter = async (message) => {
    linted.push(message);
    return /^[a-z]+(\([^)]*\))?: [A-Z]/.test(message)
      ? { valid: false, errors: [{ level: 2, name: 'subject-case', message: 'subject must not be sentence-case' }], warnings: [] }
      : { valid: true, errors: [], warnings: [] };
  };
  await assert.rejects(askCommitMessage(scriptedPrompter({ ...basic, subject: 'Add it' }), { config, lint: Promise.resolve(lint) }), /sentence-case/);
  assert.deepEqual(linted, ['feat: Add it']);
  // body-only problems do not block the subject
  const bodyLint: Linter = async () => ({ valid: false, errors: [{ level: 2, name: 'body-leading-blank', message: 'body' }], warnings: [] });
  assert.equal(await askCommitMessage(scriptedPrompter({ ...basic }), { config, lint: Promise.resolve(bodyLint) }), 'feat: add login page');
  // a linter that failed to load does not block either
  assert.equal(await askCommitMessage(scriptedPrompter({ ...basic }), { config, lint: Promise.reject(new Error('no')) }), 'feat: add login page');
});

test('the scripted prompter fails on an unexpected question and on wrong answers', async () => {
  const p = scriptedPrompter({ type: 'feat' });
  await assert.rejects(askCommitMessage(p, { config }), /unexpected question 'scope'/);
  await assert.rejects(scriptedPrompter({ pick: 'nope' }).select({ name: 'pick', message: 'm', choices: [{ value: 'a' }] }), /no choice 'nope'/);
  await assert.rejects(scriptedPrompter({ ok: 'yes' }).confirm({ name: 'ok', message: 'm' }), /wants yes\/no/);
  await assert.rejects(scriptedPrompter({ t: true }).input({ name: 't', message: 'm' }), /wants text/);
  assert.equal(await scriptedPrompter({ t: undefined }).input({ name: 't', message: 'm', default: 'd' }), 'd');
  assert.equal(await scriptedPrompter({ c: undefined }).confirm({ name: 'c', message: 'm', default: true }), true);
});

test('PromptAborted exits 130', () => {
  assert.equal(new PromptAborted().exitCode, 130);
});

test('no terminal: isInteractive is false under CI or without TTYs, openTerminal returns undefined for a non-tty path', () => {
  const saved = process.env.CI;
  process.env.CI = 'true';
  try {
    assert.equal(isInteractive(), false);
    assert.equal(hookMayPrompt(config), false);
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
  assert.equal(openTerminal('/dev/null'), undefined);
  assert.equal(openTerminal('/nonexistent/tty'), undefined);
});

test('promptIntoFile returns false at once, leaving the file alone, when prompting is off or there is no terminal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-prompt-'));
  const file = join(dir, 'COMMIT_EDITMSG');
  writeFileSync(file, '\n# comment\n');
  assert.equal(await promptIntoFile(file, { config: { ...config, prompt: false }, issue: '1' }), false);
  // the test runner's stderr is not a terminal: never prompt
  if (!process.stderr.isTTY) assert.equal(await promptIntoFile(file, { config, issue: '1' }), false);
  assert.equal(readFileSync(file, 'utf8'), '\n# comment\n');
});
