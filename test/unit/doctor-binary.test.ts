import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { binary } from '../../src/doctor/checks/binary.js';
import { doctorBox, runCheck } from '../helpers/doctor.js';

test('doctor flowgate binary: found; gone names the package manager’s install; Yarn PnP names nodeLinker', async () => {
  const box = doctorBox();
  assert.equal((await runCheck(binary, box))[0]!.status, 'ok');
  // pnpm writes a shim script, not a link
  rmSync(join(box.dir, 'node_modules', '.bin', 'flowgate'));
  writeFileSync(join(box.dir, 'node_modules', '.bin', 'flowgate'), '#!/bin/sh\nexec node "$basedir/../flowgate/dist/cli.js" "$@"\n', { mode: 0o755 });
  assert.equal((await runCheck(binary, box))[0]!.status, 'ok');
  rmSync(join(box.dir, 'node_modules'), { recursive: true });
  const [gone] = await runCheck(binary, box);
  assert.equal(gone!.status, 'fail');
  assert.match(gone!.fix!, /^npm install in /);
  writeFileSync(join(box.dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
  assert.match((await runCheck(binary, box))[0]!.fix!, /^pnpm install in /);
  writeFileSync(join(box.dir, '.pnp.cjs'), '');
  const [pnp] = await runCheck(binary, box);
  assert.equal(pnp!.status, 'fail');
  assert.match(pnp!.fix!, /nodeLinker: node-modules/);
});
