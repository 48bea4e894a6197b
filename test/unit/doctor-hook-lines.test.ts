import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hookLines } from '../../src/doctor/checks/hook-lines.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor hook lines: each .husky/<hook> calls flowgate', async () => {
  const box = doctorBox();
  assert.equal((await runCheck(hookLines, box))[0]!.status, 'ok');
  writeFileSync(join(box.dir, '.husky', 'commit-msg'), 'echo mine\n');
  const [r] = await runCheck(hookLines, box);
  assert.equal(r!.status, 'fail');
  assert.match(r!.detail, /\.husky\/commit-msg/);
});
