import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { workTree } from '../../src/doctor/checks/work-tree.js';
import { doctorContext } from '../../src/doctor/context.js';
import { tempDir } from '../helpers/repo.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor work tree: names the root, fails outside a repository', async () => {
  const box = doctorBox({ install: false });
  const [r] = await runCheck(workTree, box);
  assert.equal(r!.status, 'ok');
  assert.equal(r!.detail, box.dir);
  const outside = join(tempDir(), 'plain');
  mkdirSync(outside);
  const [o] = await workTree(doctorContext(outside, box.env));
  assert.equal(o!.status, 'fail');
});
