import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, installBuiltHooks, sandbox, type Sandbox } from '../helpers/repo.js';
import { inTerminal as inTerminalWith, q, type Terminal } from '../helpers/terminal.js';

/**
 * Prompts in a real terminal: each test runs a script in a private tmux server
 * (`tmux -S <tmp>/sock`), answers by sending keys and reads the screen with capture-pane.
 */

function inTerminal(sb: Sandbox, body: (t: Terminal) => Promise<void>): Promise<void> {
  return inTerminalWith(sb.env, body);
}

/** Hooks installed the way a project gets them: package.json, node_modules/.bin/flowgate, `flow install`. */
function withHooks(sb: Sandbox, branch: string): void {
  const r = installBuiltHooks(sb);
  assert.equal(r.code, 0, r.stderr);
  sb.gitOk(['switch', '-q', '-c', branch, 'develop']);
  sb.gitOk(['add', 'package.json', '.gitignore', '.husky']);
}


test('(a) flow feature start 123 at a terminal with no description and no token asks for one', async () => {
  const sb = sandbox();
  await inTerminal(sb, async (t) => {
    t.start(sb.dir, `${q(process.execPath)} ${q(CLI)} feature start 123`);
    await t.waitFor(/description for the branch of issue 123/);
    t.type('Add login page!');
    t.key('Enter');
    assert.equal(await t.exitCode(), 0, t.screen());
    assert.match(t.screen(), /^feature\/123-add-login-page$/m);
  });
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/123-add-login-page');
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), sb.gitOk(['rev-parse', 'origin/develop']));
});

test('(b) git commit at a terminal prompts through prepare-commit-msg and commits the composed message', async () => {
  const sb = sandbox();
  withHooks(sb, 'feature/123-x');
  await inTerminal(sb, async (t) => {
    t.start(sb.dir, 'git commit');
    await t.waitFor(/Type of change/);
    t.key('Down'); // feat → fix
    t.key('Enter');
    await t.waitFor(/Scope/);
    t.type('auth');
    t.key('Enter');
    await t.waitFor(/Subject/);
    t.type('Handle the empty form.');
    t.key('Enter');
    await t.waitFor(/must not end with a period/);
    t.key('BSpace');
    t.key('Enter');
    // commitlint's own rules are checked at the subject (sentence-case here)
    await t.waitFor(/sentence-case/);
    t.key('C-a'); // start of line: replace the capital H
    t.key('Delete');
    t.type('h');
    t.key('Enter');
    await t.waitFor(/Body/);
    t.type('The form crashed when empty.');
    t.key('Enter');
    await t.waitFor(/breaking change\?/);
    t.key('Enter'); // default: no
    await t.waitFor(/Issues .*#123/);
    t.key('Enter'); // keep the prefilled #123
    assert.equal(await t.exitCode(), 0, t.screen());
  });
  assert.equal(sb.gitOk(['log', '-1', '--format=%B']), 'fix(auth): handle the empty form\n\nThe form crashed when empty.\n\nRefs: #123');
});

test('(c) git commit with no terminal never prompts and returns at once', () => {
  const sb = sandbox();
  withHooks(sb, 'feature/123-x');
  // An editor that writes a subject above what the hooks prepared (as a GUI client would let a user do).
  const editor = join(sb.home, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\n{ printf "fix: commit without a terminal\\n"; cat "$1"; } > "$1.tmp" && mv "$1.tmp" "$1"\n');
  chmodSync(editor, 0o755);
  // git's trace2 log times each hook on its own, so machine load on the other hooks cannot hide a wait here.
  const trace = join(sb.home, 'trace2.json');
  const started = Date.now();
  const r = spawnSync('setsid', ['-w', 'git', 'commit'], {
    cwd: sb.dir,
    env: { ...sb.env, GIT_EDITOR: editor, GIT_TRACE2_EVENT: trace },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  const elapsed = Date.now() - started;
  assert.equal(r.status, 0, r.stderr);
  const events = readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const startEvent = events.find((e) => e.event === 'child_start' && e.hook_name === 'prepare-commit-msg');
  assert.ok(startEvent, 'prepare-commit-msg ran');
  const exitEvent = events.find((e) => e.event === 'child_exit' && e.child_id === startEvent.child_id);
  const hookSeconds = Number(exitEvent?.t_rel);
  assert.ok(hookSeconds < 5, `prepare-commit-msg took ${hookSeconds} s`);
  // the whole commit (three hooks, node started each time) is bounded too
  assert.ok(elapsed < 15_000, `git commit took ${elapsed} ms`);
  assert.doesNotMatch(r.stdout + r.stderr, /Type of change|Subject/);
  assert.equal(sb.gitOk(['log', '-1', '--format=%B']), 'fix: commit without a terminal\n\nRefs: #123');
});

test('(d) Ctrl-C at the commit prompt aborts the commit and restores the terminal', async () => {
  const sb = sandbox();
  withHooks(sb, 'feature/123-x');
  const head = sb.gitOk(['rev-parse', 'HEAD']);
  const states = join(sb.home, 'stty');
  await inTerminal(sb, async (t) => {
    t.start(sb.dir, `stty -g > ${q(states)}.before\ngit commit\ncode=$?\nstty -g > ${q(states)}.after\n(exit $code)`);
    await t.waitFor(/Type of change/);
    t.key('Enter');
    await t.waitFor(/Scope/);
    t.type('half-typed');
    t.key('C-c');
    const code = await t.exitCode();
    assert.notEqual(code, 0);
    assert.match(t.screen(), /Commit aborted at the prompt; nothing was committed/);
    // thrown in the prompt's lazy chunk, still recognised as a FlowError by the hook runner
    assert.doesNotMatch(t.screen(), /hook failed/);
    assert.ok(t.cursorVisible(), 'the cursor is shown again');
  });
  assert.equal(readFileSync(`${states}.after`, 'utf8'), readFileSync(`${states}.before`, 'utf8'));
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), head);
  // the staged changes are still staged
  assert.match(sb.gitOk(['diff', '--cached', '--name-only']), /package\.json/);
});

test('(d2) Ctrl-D (EOF) at the commit prompt aborts too, instead of waiting', async () => {
  const sb = sandbox();
  withHooks(sb, 'feature/123-x');
  const head = sb.gitOk(['rev-parse', 'HEAD']);
  await inTerminal(sb, async (t) => {
    t.start(sb.dir, 'git commit');
    await t.waitFor(/Type of change/);
    t.key('Enter');
    await t.waitFor(/Scope/);
    t.key('C-d');
    const code = await t.exitCode();
    assert.notEqual(code, 0);
    assert.match(t.screen(), /Commit aborted at the prompt; nothing was committed/);
  });
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), head);
});

test('(e) flow commit at a terminal: the prompt, then git commit with the hooks', async () => {
  const sb = sandbox();
  withHooks(sb, 'feature/ABC-7-y');
  await inTerminal(sb, async (t) => {
    t.start(sb.dir, `${q(process.execPath)} ${q(CLI)} commit`);
    await t.typeCommitSubject('set up the hooks');
    t.key('Enter');
    await t.waitFor(/Body/);
    t.key('Enter');
    await t.waitFor(/breaking change\?/);
    t.type('y');
    t.key('Enter');
    await t.waitFor(/Describe the breaking change/);
    t.type('commits are linted now');
    t.key('Enter');
    await t.waitFor(/Issues .*ABC-7/);
    t.type(' #4');
    t.key('Enter');
    assert.equal(await t.exitCode(), 0, t.screen());
    // prepare-commit-msg saw source "message": no second prompt
    assert.equal(t.screen().match(/Type of change/g)?.length, 1);
  });
  assert.equal(sb.gitOk(['log', '-1', '--format=%B']), 'feat!: set up the hooks\n\nBREAKING CHANGE: commits are linted now\nRefs: ABC-7, #4');
});

test('(f) a terminal is there but git’s output is piped (GUI client, editor plugin): no prompt, no wait', async () => {
  const sb = sandbox();
  withHooks(sb, 'feature/5-z');
  const editor = join(sb.home, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\n{ printf "docs: piped output\\n"; cat "$1"; } > "$1.tmp" && mv "$1.tmp" "$1"\n');
  chmodSync(editor, 0o755);
  const log = join(sb.home, 'git.log');
  await inTerminal(sb, async (t) => {
    t.start(sb.dir, `GIT_EDITOR=${q(editor)} git commit > ${q(log)} 2>&1`);
    assert.equal(await t.exitCode(), 0, t.screen());
    assert.doesNotMatch(t.screen(), /Type of change/);
  });
  assert.doesNotMatch(readFileSync(log, 'utf8'), /Type of change/);
  assert.equal(sb.gitOk(['log', '-1', '--format=%B']), 'docs: piped output\n\nRefs: #5');
});
