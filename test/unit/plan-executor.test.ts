import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowError } from '../../src/errors.js';
import { execute, PlanError } from '../../src/plan/executor.js';
import type { Step } from '../../src/plan/step.js';
import { apiRequest, commit, CommitRefusedError, createBranch, firstPush, NoStartPointError, revert, setConfig, stage, writeFile } from '../../src/plan/steps.js';
import { Repo } from '../../src/git/repo.js';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-plan-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'core.hooksPath', '/dev/null');
  writeFileSync(join(dir, 'a.txt'), 'one\n');
  git('add', 'a.txt');
  git('commit', '--quiet', '-m', 'chore: start');
  return dir;
}

const failing = (message: string, exitCode = 2): Step => ({
  kind: 'api-request',
  summary: 'fail on purpose',
  detail: {},
  remote: true,
  run: async () => {
    throw new FlowError(message, exitCode);
  },
});

test('dry run changes nothing and reports every step as planned', async () => {
  const cwd = repo();
  const plan = [createBranch('feature/1-x', 'main'), writeFile('b.txt', 'two\n')];
  const done = await execute(plan, { cwd, dryRun: true });
  assert.equal(done.dryRun, true);
  assert.deepEqual(done.steps.map((s) => s.status), ['planned', 'planned']);
  assert.equal(existsSync(join(cwd, 'b.txt')), false);
  const r = await Repo.open(cwd);
  assert.equal(await r.currentBranch(), 'main');
  assert.equal(await r.hasBranch('feature/1-x'), false);
});

test('a failing local step undoes what ran before it, newest first', async () => {
  const cwd = repo();
  const plan = [
    createBranch('release/1.0.0', 'main'),
    writeFile('a.txt', 'changed\n'),
    writeFile('new.txt', 'new\n'),
    setConfig('flowgate.test', 'yes'),
    stage(['a.txt', 'new.txt']),
    { ...commit('not checked'), run: async () => Promise.reject(new FlowError('refused', 1)) } as Step,
  ];
  await assert.rejects(execute(plan, { cwd }), (error: unknown) => {
    assert.ok(error instanceof PlanError);
    assert.equal(error.exitCode, 1);
    assert.deepEqual(error.execution.steps.map((s) => s.status), ['undone', 'undone', 'undone', 'undone', 'undone', 'failed']);
    return true;
  });
  const r = await Repo.open(cwd);
  assert.equal(await r.currentBranch(), 'main');
  assert.equal(await r.hasBranch('release/1.0.0'), false);
  assert.equal(readFileSync(join(cwd, 'a.txt'), 'utf8'), 'one\n');
  assert.equal(existsSync(join(cwd, 'new.txt')), false);
  assert.equal(await r.config('flowgate.test'), undefined);
  assert.equal(await r.isClean(), true);
});

test('a commit step runs git commit and its undo keeps the change staged', async () => {
  const cwd = repo();
  const done = await execute([writeFile('a.txt', 'two\n'), stage(['a.txt']), commit('feat: two')], { cwd });
  const sha = done.results[2] as string;
  assert.match(sha, /^[0-9a-f]{40}$/);
  assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd, encoding: 'utf8' }).trim(), 'feat: two');
});

test('local steps before a remote step stay when a later step fails', async () => {
  const cwd = repo();
  let sent = 0;
  const plan = [createBranch('feature/2', 'main'), apiRequest({ method: 'POST', url: '/x' }, async () => ++sent), failing('the forge said no')];
  await assert.rejects(execute(plan, { cwd }), /the forge said no/);
  assert.equal(sent, 1);
  assert.equal(await (await Repo.open(cwd)).currentBranch(), 'feature/2');
});

test('PlanError carries the failing step\'s own error as cause, so callers tell failures by class', async () => {
  const cwd = repo();
  execFileSync('git', ['config', 'core.hooksPath', join(cwd, 'hooks')], { cwd });
  execFileSync('sh', ['-c', 'mkdir -p hooks && printf "#!/bin/sh\\nexit 1\\n" > hooks/pre-commit && chmod +x hooks/pre-commit'], { cwd });
  await assert.rejects(execute([writeFile('a.txt', 'two\n'), stage(['a.txt']), commit('feat: refused')], { cwd }), (error: unknown) => {
    assert.ok(error instanceof PlanError);
    assert.ok(error.cause instanceof CommitRefusedError, String(error.cause));
    assert.equal(error.cause.header, 'feat: refused');
    assert.equal(error.failed?.kind, 'commit');
    assert.equal(error.undoFailed, false);
    return true;
  });
  await assert.rejects(execute([createBranch('feature/3', 'nope', { orElse: ['gone'] })], { cwd }), (error: unknown) => {
    assert.ok(error instanceof PlanError && error.cause instanceof NoStartPointError);
    assert.deepEqual(error.cause.candidates, ['nope', 'gone']);
    return true;
  });
});

test('a soft step that fails is a warning and the plan goes on', async () => {
  const cwd = repo();
  const soft: Step = { ...failing('offline'), soft: true, remote: false };
  const done = await execute([soft, writeFile('c.txt', 'c\n')], { cwd });
  assert.deepEqual(done.steps.map((s) => s.status), ['warned', 'done']);
  assert.match(done.steps[0]!.error!, /offline/);
  assert.equal(existsSync(join(cwd, 'c.txt')), true);
});

test('Repo.open outside a repository is one sentence with the next step', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-norepo-'));
  await assert.rejects(Repo.open(dir), (error: unknown) => {
    assert.ok(error instanceof FlowError);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, /not inside a git work tree; cd into your repository/);
    return true;
  });
});

test('Repo reads branches, start points and ahead/behind', async () => {
  const cwd = repo();
  execFileSync('git', ['branch', 'develop'], { cwd });
  const r = await Repo.open(cwd);
  assert.deepEqual((await r.branches()).sort(), ['develop', 'main']);
  assert.equal((await r.startPoint('develop'))?.startPoint, 'develop');
  assert.equal(await r.startPoint('nope'), undefined);
  assert.deepEqual(await r.aheadBehind('main', 'develop'), [0, 0]);
  assert.equal(await r.hasRemote(), false);
  assert.equal(r.gitDir, join(cwd, '.git').replace(/^\/private/, ''));
});

test('Repo.open from a subdirectory: the common dir is the repository\'s, as git printed it relative to where it ran', async () => {
  const cwd = repo();
  const sub = join(cwd, 'a', 'b');
  mkdirSync(sub, { recursive: true });
  const r = await Repo.open(sub);
  assert.equal(realpathSync(r.commonDir), realpathSync(join(cwd, '.git')));
});

test('a revert commit refused by a hook is a CommitRefusedError, not a revert that does not apply', async () => {
  const cwd = repo();
  const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', encoding: 'utf8' }).trim();
  writeFileSync(join(cwd, 'a.txt'), 'two\n');
  git('commit', '--quiet', '-am', 'fix: two');
  const sha = git('rev-parse', 'HEAD');
  const hooks = join(cwd, 'refusing-hooks');
  mkdirSync(hooks);
  writeFileSync(join(hooks, 'commit-msg'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  git('config', 'core.hooksPath', hooks);
  await assert.rejects(execute([revert(sha, 'revert: fix: two')], { cwd }), (error: unknown) => {
    assert.ok(error instanceof PlanError && error.cause instanceof CommitRefusedError, String(error));
    return true;
  });
  assert.equal(git('rev-parse', 'HEAD'), sha, 'the refused revert left nothing behind');
});

test('firstPush creates branches only: a branch that exists on the remote by now refuses them all', async () => {
  const cwd = repo();
  const remote = mkdtempSync(join(tmpdir(), 'flowgate-first-push-'));
  const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', encoding: 'utf8' }).trim();
  git(remote, 'init', '--quiet', '--bare', '--initial-branch=main');
  git(cwd, 'remote', 'add', 'origin', remote);
  git(cwd, 'branch', 'develop');
  // someone else's main reaches origin after init asked
  git(cwd, 'push', '--quiet', 'origin', 'main');
  git(cwd, 'commit', '--quiet', '--allow-empty', '-m', 'feat: local only');
  await assert.rejects(execute([firstPush('origin', ['main', 'develop'])], { cwd }), PlanError);
  assert.equal(git(remote, 'rev-parse', 'main'), git(cwd, 'rev-parse', 'main~1'), 'main was not moved');
  assert.throws(() => git(remote, 'rev-parse', '--verify', '--quiet', 'refs/heads/develop'), 'atomic: develop was not created either');
});
