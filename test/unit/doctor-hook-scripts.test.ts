import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hookScripts } from '../../src/doctor/checks/hook-scripts.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor hook scripts: ok when installed; missing, not executable, or replaced by lefthook fail', async () => {
  assert.equal((await runCheck(hookScripts, doctorBox({ install: false })))[0]!.status, 'fail');
  const box = doctorBox();
  assert.equal((await runCheck(hookScripts, box))[0]!.status, 'ok');
  const stub = join(box.dir, '.git', 'hooks', 'pre-push');
  chmodSync(stub, 0o644);
  assert.match((await runCheck(hookScripts, box))[0]!.detail, /not executable/);
  writeFileSync(stub, '#!/bin/sh\n# lefthook_version: 1\nlefthook run pre-push "$@"\n');
  chmodSync(stub, 0o755);
  const [r] = await runCheck(hookScripts, box);
  assert.equal(r!.status, 'fail');
  assert.match(r!.detail, /replaced by lefthook/);
});
