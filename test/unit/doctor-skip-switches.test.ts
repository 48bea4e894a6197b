import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipSwitches } from '../../src/doctor/checks/skip-switches.js';
import { summary } from '../../src/commands/doctor.js';
import { doctorContext } from '../../src/doctor/context.js';
import { ok, warn } from '../../src/doctor/types.js';
import { doctorBox } from '../helpers/doctor.js';

test('doctor skip switches: HUSKY=0 in the shell warns; in husky’s init.sh it fails', async () => {
  const box = doctorBox();
  assert.deepEqual(await skipSwitches(doctorContext(box.dir, box.env)), []);
  assert.equal((await skipSwitches(doctorContext(box.dir, { ...box.env, HUSKY: '0' })))[0]!.status, 'warn');
  box.write('../home/.config/husky/init.sh', 'export HUSKY=0\n');
  assert.equal((await skipSwitches(doctorContext(box.dir, box.env)))[0]!.status, 'fail');
});

test('doctor skip switches: a switch in the shell names the variable and the unset, and the summary does not call the hooks working', async () => {
  const box = doctorBox();
  for (const [name, value] of [['FLOWGATE_SKIP', '1'], ['HUSKY', '0']] as const) {
    const [r] = await skipSwitches(doctorContext(box.dir, { ...box.env, [name]: value }));
    assert.equal(r!.status, 'warn', 'installed hooks switched off are not broken: exit 0');
    assert.equal(r!.switchedOff, `${name}=${value}`);
    assert.match(r!.detail, new RegExp(`^${name}=${value} is set in this shell: .*exits at once`));
    assert.match(r!.fix!, new RegExp(`^unset ${name}\\b`));
    const line = summary([ok('git', '2.45'), r!, warn('token', 'none')], process.stderr);
    assert.doesNotMatch(line, /hooks work|everything looks right/);
    assert.match(line, new RegExp(`${name}=${value} in this shell skips every one of them.*unset ${name}`));
    assert.match(line, /2 warnings/);
  }
  assert.deepEqual(await skipSwitches(doctorContext(box.dir, { ...box.env, FLOWGATE_SKIP: '0', HUSKY: '1' })), [], 'other values switch nothing off');
  assert.match(summary([ok('git', '2.45'), warn('token', 'none')], process.stderr), /the hooks work; 1 warning\./);
});
