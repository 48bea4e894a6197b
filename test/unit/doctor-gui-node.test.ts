import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { guiNode, initScriptFix } from '../../src/doctor/checks/gui-node.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor node for GUI clients: init.sh can put node on the hooks’ PATH', async () => {
  const box = doctorBox({ install: false });
  box.write('../home/.config/husky/init.sh', `export PATH="${dirname(process.execPath)}:$PATH"\n`);
  assert.equal((await runCheck(guiNode, box))[0]!.status, 'ok');
  box.write('../home/.config/husky/init.sh', 'PATH=/nonexistent\n');
  const [r] = await runCheck(guiNode, box);
  assert.equal(r!.status, 'fail');
  assert.match(initScriptFix({ HOME: '/h' }, '/opt/node/bin/node'), /export PATH="\/opt\/node\/bin:\$PATH"/);
});
