import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitVersion } from '../../src/doctor/checks/git-version.js';
import { atLeast, parseVersion } from '../../src/doctor/version.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor git: the version of the git on PATH, ok from 2.9', async () => {
  const [r] = await runCheck(gitVersion, doctorBox({ install: false }));
  assert.equal(r!.status, 'ok');
  assert.match(r!.detail, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(parseVersion('git version 2.39.5 (Apple Git-154)'), [2, 39, 5]);
  assert.equal(atLeast([2, 8, 9], [2, 9, 0]), false);
  assert.equal(atLeast([2, 9, 0], [2, 9, 0]), true);
});
