import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipSwitches } from '../../src/doctor/checks/skip-switches.js';
import { doctorContext } from '../../src/doctor/context.js';
import { doctorBox } from '../helpers/doctor.js';

test('doctor skip switches: HUSKY=0 in the shell warns; in husky’s init.sh it fails', async () => {
  const box = doctorBox();
  assert.deepEqual(await skipSwitches(doctorContext(box.dir, box.env)), []);
  assert.equal((await skipSwitches(doctorContext(box.dir, { ...box.env, HUSKY: '0' })))[0]!.status, 'warn');
  box.write('../home/.config/husky/init.sh', 'export HUSKY=0\n');
  assert.equal((await skipSwitches(doctorContext(box.dir, box.env)))[0]!.status, 'fail');
});
