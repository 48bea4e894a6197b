import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hooksPath } from '../../src/doctor/checks/hooks-path.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

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
