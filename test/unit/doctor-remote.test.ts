import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remoteAndToken } from '../../src/doctor/checks/remote.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor remote: no origin is a warning; a GitHub origin is named, its token only by source', async () => {
  const box = doctorBox({ install: false });
  const [none] = await runCheck(remoteAndToken, box);
  assert.equal(none!.status, 'warn');
  box.gitOk(['remote', 'add', 'origin', 'https://github.com/acme/app.git']);
  box.env.GITHUB_TOKEN = 'secret-token-value-123';
  box.env.GH_CONFIG_DIR = box.home;
  const results = await runCheck(remoteAndToken, box);
  assert.equal(results.find((r) => r.name === 'forge')!.status, 'ok');
  assert.doesNotMatch(JSON.stringify(results), /secret-token-value-123/);
});
