import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { neighbours } from '../../src/doctor/checks/neighbours.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor neighbours: flow-bin’s `flow`, husky and lefthook are named', async () => {
  const box = doctorBox();
  assert.deepEqual(await runCheck(neighbours, box), []);
  mkdirSync(join(box.dir, 'node_modules', 'flow-bin'), { recursive: true });
  writeFileSync(join(box.dir, 'node_modules', 'flow-bin', 'cli.js'), '');
  symlinkSync('../flow-bin/cli.js', join(box.dir, 'node_modules', '.bin', 'flow'));
  writeFileSync(join(box.dir, 'lefthook.yml'), 'pre-commit:\n');
  const results = await runCheck(neighbours, box);
  const flow = results.find((r) => r.name === 'flow-bin')!;
  assert.equal(flow.status, 'warn');
  assert.match(flow.fix!, /npx flowgate/);
  assert.equal(results.find((r) => r.name === 'lefthook')!.status, 'warn');
});
