import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hookScripts } from '../../src/doctor/checks/hook-scripts.js';
import { hooksPath } from '../../src/doctor/checks/hooks-path.js';
import { context, doctorBox, runCheck, statusOf } from '../helpers/doctor.js';

test('doctor core.hooksPath: unset is flowgate’s layout; another manager’s fails; a stale absolute one fails', async () => {
  const box = doctorBox();
  assert.equal((await runCheck(hooksPath, box))[0]!.status, 'ok');
  box.gitOk(['config', 'core.hooksPath', '.githooks']);
  const [foreign] = await runCheck(hooksPath, box);
  assert.equal(foreign!.status, 'fail');
  assert.match(foreign!.fix!, /--force/);
  // a copy's absolute hooksPath into the original repository
  box.gitOk(['config', 'core.hooksPath', `${box.dir}-original/.git/hooks`]);
  box.write(`../work-original/.git/hooks/flowgate/h`, '#!/bin/sh\n');
  const [stale] = await runCheck(hooksPath, box);
  assert.equal(stale!.status, 'fail');
  assert.match(stale!.detail, /moved or copied/);
  box.gitOk(['config', 'core.hooksPath', '.husky/_']);
  box.write('.husky/_/h', '#!/usr/bin/env sh\n# husky\n');
  const [husky] = await runCheck(hooksPath, box);
  assert.equal(husky!.status, 'ok');
  assert.match(husky!.detail, /husky/);
});

test('doctor core.hooksPath: a worktree-scoped value (config.worktree) is the one git runs there, and it is reported', async () => {
  const box = doctorBox();
  const wt = join(box.dir, '..', 'linked wt');
  box.gitOk(['worktree', 'add', '-q', '-b', 'feature/3-wt', wt]);
  box.gitOk(['config', 'extensions.worktreeConfig', 'true']);
  box.gitOk(['config', '--worktree', 'core.hooksPath', '.githooks'], { cwd: wt });
  // what git itself runs in the linked worktree
  assert.equal(box.gitOk(['rev-parse', '--git-path', 'hooks'], { cwd: wt }), '.githooks');

  const ctx = context(box, wt);
  assert.equal(ctx.hooks!.source, 'worktree');
  assert.equal(ctx.hooks!.value, '.githooks');
  assert.equal(ctx.hooks!.dir, join(realpathSync(wt), '.githooks'));
  const [here] = await hooksPath(ctx);
  assert.equal(here!.status, 'fail');
  assert.match(here!.detail, /set for this worktree only \(.*config\.worktree\)/);
  assert.match(here!.fix!, /git config --worktree --unset core\.hooksPath/);
  assert.equal((await statusOf(hookScripts, box, wt)), 'fail', 'no hook in .githooks');

  // the main worktree keeps the repository's hooks, and says so
  const main = await runCheck(hooksPath, box);
  assert.equal(main[0]!.status, 'ok');
  assert.equal(context(box).hooks!.source, 'default');

  // a .git/config value is still "local", even when a worktree overrides it
  box.gitOk(['config', 'core.hooksPath', '.husky/_']);
  assert.equal(context(box).hooks!.source, 'local');
  assert.equal(context(box, wt).hooks!.value, '.githooks', 'the worktree value wins in that worktree');
});
