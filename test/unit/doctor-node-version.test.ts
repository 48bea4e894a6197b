import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeVersion } from '../../src/doctor/checks/node-version.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor node: the running node, ok from 20.17', async () => {
  const [r] = await runCheck(nodeVersion, doctorBox({ install: false }));
  assert.equal(r!.status, 'ok');
  assert.equal(r!.detail, `v${process.versions.node}`);
});
