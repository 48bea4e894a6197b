import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { worktrees } from '../../src/doctor/checks/worktrees.js';
import { parseWorktrees } from '../../src/git/repo.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor worktrees: lists them, warns about ones gone from disk', async () => {
  const box = doctorBox({ install: false });
  assert.match((await runCheck(worktrees, box))[0]!.detail, /^one/);
  box.gitOk(['worktree', 'add', '-q', '--detach', join(box.home, 'wt')]);
  assert.match((await runCheck(worktrees, box))[0]!.detail, /^2, /);
  assert.deepEqual(parseWorktrees('worktree /a\nHEAD 1\nbranch refs/heads/main\n\nworktree /b\nprunable gone\n').map((w) => [w.path, w.branch, w.prunable]), [
    ['/a', 'main', false],
    ['/b', undefined, true],
  ]);
});
