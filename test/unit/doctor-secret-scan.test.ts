import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { secretScan } from '../../src/doctor/checks/secret-scan.js';
import { doctorBox, runFresh } from '../helpers/doctor.js';
import type { Sandbox } from '../helpers/repo.js';

const scanResult = (box: Sandbox) => runFresh(secretScan, box);

test('doctor secret scan: on by default; a pre-commit list without "secrets", or secrets.enabled false, is a warning naming the key and the way back', async () => {
  const box = doctorBox();
  const [on] = await scanResult(box);
  assert.equal(on!.status, 'ok');
  assert.match(on!.detail, /pre-commit hook and in flow check/);

  box.write('flowgate.config.json', JSON.stringify({ hooks: { 'pre-commit': ['protected-branch', 'branch-name'] } }));
  const [list] = await scanResult(box);
  assert.equal(list!.status, 'warn', 'switched off on purpose is not broken');
  assert.match(list!.detail, /^hooks\.pre-commit in flowgate\.config\.json does not list "secrets": the pre-commit hook does not scan/);
  assert.equal(list!.fix, 'add "secrets" to hooks.pre-commit: ["protected-branch","branch-name","secrets"]');

  box.write('flowgate.config.json', JSON.stringify({ secrets: { enabled: false } }));
  const [disabled] = await scanResult(box);
  assert.equal(disabled!.status, 'warn');
  assert.match(disabled!.detail, /^secrets\.enabled is false in flowgate\.config\.json: neither the pre-commit hook nor flow check scans/);
  assert.match(disabled!.fix!, /remove "enabled": false/);

  rmSync(join(box.dir, 'flowgate.config.json'));
  box.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { hooks: { 'pre-commit': [] } } }));
  const [pkg] = await scanResult(box);
  assert.match(pkg!.detail, /^hooks\.pre-commit in package\.json#flowgate does not list "secrets"/);
  assert.equal(pkg!.fix, 'add "secrets" to hooks.pre-commit: ["secrets"]');

  // an invalid config is the config check's failure; this one says nothing more
  box.write('flowgate.config.json', '{ "protected": 5 }');
  assert.deepEqual(await scanResult(box), []);
});
