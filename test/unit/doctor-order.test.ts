// Each doctor check stands alone: run in doctor's order, in reverse, or one at a time on a fresh
// context, every check gives the same results (none relies on another having loaded the config).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearConfigCache } from '../../src/config/load.js';
import { remoteAndToken } from '../../src/doctor/checks/remote.js';
import { CHECKS, runChecks } from '../../src/doctor/index.js';
import type { Check, CheckResult } from '../../src/doctor/types.js';
import { context, doctorBox } from '../helpers/doctor.js';
import type { Sandbox } from '../helpers/repo.js';

/** Each check's results, the checks run in `order` on one context. */
async function resultsBy(box: Sandbox, order: Check[]): Promise<Map<Check, CheckResult[]>> {
  clearConfigCache();
  const ctx = context(box);
  const by = new Map<Check, CheckResult[]>();
  for (const check of order) by.set(check, await runChecks(ctx, [check]));
  return by;
}

test('doctor checks give the same results in any order and alone', async () => {
  const box = doctorBox();
  // every check that reads the config gets something to report from it
  box.write('flowgate.config.json', JSON.stringify({ hooks: { 'pre-commit': ['protected-branch'], 'pre-push': ['branch-name'] }, forge: { provider: 'gitlab', host: 'git.example.com', repo: 'acme/app' } }));
  box.gitOk(['remote', 'add', 'origin', 'https://git.example.com/acme/app.git']);
  box.env.GITLAB_TOKEN = 'order-test-token'; // doctor's environment: found at once, no credential helper runs

  const normal = await resultsBy(box, CHECKS);
  const names = (check: Check) => normal.get(check)!.map((r) => `${r.name}:${r.status}`);
  assert.deepEqual(names(remoteAndToken), ['forge:ok', 'token:ok'], 'the remote check read forge.* from the config');
  const warned = CHECKS.flatMap(names).filter((n) => /^(hook guards|secret scan):warn$/.test(n));
  assert.deepEqual(warned, ['hook guards:warn', 'hook guards:warn', 'secret scan:warn']);

  const reversed = await resultsBy(box, [...CHECKS].reverse());
  for (const check of CHECKS) assert.deepEqual(reversed.get(check), normal.get(check), `${check.name} in reverse order`);
  for (const check of CHECKS) {
    const [alone] = (await resultsBy(box, [check])).values();
    assert.deepEqual(alone, normal.get(check), `${check.name} alone`);
  }
});
