import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitlint } from '../../src/doctor/checks/commitlint.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor commitlint config: the built-in one, and a broken file fails', async () => {
  const box = doctorBox({ install: false });
  assert.equal((await runCheck(commitlint, box))[0]!.status, 'ok');
  box.write('commitlint.config.mjs', "export default { extends: ['@commitlint/config-nope-not-here'] };\n");
  assert.equal((await runCheck(commitlint, box))[0]!.status, 'fail');
});
