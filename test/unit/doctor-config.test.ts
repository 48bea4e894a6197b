import assert from 'node:assert/strict';
import { test } from 'node:test';
import { config } from '../../src/doctor/checks/config.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor config: defaults are fine; an invalid key fails naming it', async () => {
  const box = doctorBox({ install: false });
  assert.equal((await runCheck(config, box))[0]!.status, 'ok');
  const bad = doctorBox({ install: false });
  bad.write('flowgate.config.json', '{ "protected": 5 }\n');
  const [r] = await runCheck(config, bad);
  assert.equal(r!.status, 'fail');
  assert.match(r!.detail, /protected/);
});
