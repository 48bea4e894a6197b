import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFlowgateHooks, installBuiltHooks, sandbox, type Sandbox } from '../helpers/repo.js';

/** Hooks installed the way a project gets them: package.json, node_modules/.bin/flowgate, `flow install`. */
function withHooks(sb: Sandbox): void {
  const r = installBuiltHooks(sb);
  assert.equal(r.code, 0, r.stderr);
  assertFlowgateHooks(sb);
}

function refusedFile(sb: Sandbox): string {
  return join(sb.gitOk(['rev-parse', '--absolute-git-dir']), 'flowgate', 'REFUSED_COMMIT_MSG');
}

test('flow commit with no terminal is an error naming the alternative, at once', () => {
  const sb = sandbox();
  sb.gitOk(['switch', '-q', '-c', 'feature/1-x']);
  sb.write('a.txt', 'a');
  sb.gitOk(['add', 'a.txt']);
  const head = sb.gitOk(['rev-parse', 'HEAD']);
  const started = Date.now();
  const r = sb.flow(['commit'], { input: '' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /git commit -m "type: subject"/);
  assert.ok(Date.now() - started < 10_000);
  const y = sb.flow(['commit', '--yes']);
  assert.equal(y.code, 2);
  assert.match(y.stderr, /git commit -m/);
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), head);
});

test('flow commit --retry with no refused message is exit 2 saying so', () => {
  const sb = sandbox();
  const r = sb.flow(['commit', '--retry']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no refused commit message to retry/);
  assert.match(r.stderr, /REFUSED_COMMIT_MSG/);
});

test('a refused message is kept; flow commit --retry commits it again (as is without a terminal)', () => {
  const sb = sandbox();
  withHooks(sb);
  sb.gitOk(['switch', '-q', '-c', 'feature/123-login']);
  sb.gitOk(['add', 'package.json', '.gitignore', '.husky']);
  const head = sb.gitOk(['rev-parse', 'HEAD']);

  const bad = sb.git(['commit', '-m', 'Added the login page.']);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stderr, /npx flowgate commit --retry/);
  const saved = refusedFile(sb);
  assert.ok(existsSync(saved));

  // still bad: refused again, the message stays for the next try
  const again = sb.flow(['commit', '--retry']);
  assert.equal(again.code, 1, again.stderr);
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), head);
  assert.ok(existsSync(saved));

  // the user fixed the message in the file: --retry commits it, the footer is added by the hook, the file is gone
  writeFileSync(saved, 'feat: add the login page\n\nWith a form.\n');
  const ok = sb.flow(['commit', '--retry']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(sb.gitOk(['log', '-1', '--format=%B']), 'feat: add the login page\n\nWith a form.\n\nRefs: #123');
  assert.equal(existsSync(saved), false);
});

test('flow commit --retry with nothing staged is exit 2 and keeps the message', () => {
  const sb = sandbox();
  const saved = refusedFile(sb);
  mkdirSync(join(saved, '..'), { recursive: true });
  writeFileSync(saved, 'feat: x\n');
  const r = sb.flow(['commit', '--retry']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Nothing is staged/);
  assert.ok(existsSync(saved));
});

test('git commit -m through the hooks does not prompt; the issue footer is added', () => {
  const sb = sandbox();
  withHooks(sb);
  sb.gitOk(['switch', '-q', '-c', 'feature/9-x']);
  sb.gitOk(['add', 'package.json', '.gitignore', '.husky']);
  const r = sb.git(['commit', '-m', 'chore: set up hooks']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sb.gitOk(['log', '-1', '--format=%B']), 'chore: set up hooks\n\nRefs: #9');
  assert.doesNotMatch(r.stderr, /Type of change/);
});
