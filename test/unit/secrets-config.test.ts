import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { resolveConfig } from '../../src/config/validate.js';
import { FlowError } from '../../src/errors.js';

describe('secrets config', () => {
  it('defaults: on, nothing allowed, 90 days, a pre-commit check', () => {
    const c = defaultConfig();
    assert.deepEqual(c.secrets, { enabled: true, allow: { paths: [], rules: [], fingerprints: [] }, maxAgeDays: 90 });
    assert.ok(c.hooks['pre-commit'].includes('secrets'));
  });

  it('reads the block and keeps the defaults for what it leaves out', async () => {
    const c = await resolveConfig({ secrets: { allow: { paths: ['test/fixtures/**'], rules: ['dotenv'] }, maxAgeDays: 30 } }, 'package.json#flowgate');
    assert.deepEqual(c.secrets, { enabled: true, allow: { paths: ['test/fixtures/**'], rules: ['dotenv'], fingerprints: [] }, maxAgeDays: 30 });
    const off = await resolveConfig({ secrets: { enabled: false }, hooks: { 'pre-commit': ['secrets', 'branch-name'] } }, 'flowgate.config.json');
    assert.equal(off.secrets.enabled, false);
    assert.deepEqual(off.hooks['pre-commit'], ['secrets', 'branch-name']);
  });

  for (const [input, key] of [
    [{ secrets: { allow: { rules: ['github-token'] } } }, 'secrets.allow.rules.0'],
    [{ secrets: { allow: { fingerprints: ['xyz'] } } }, 'secrets.allow.fingerprints.0'],
    [{ secrets: { maxAgeDays: 0 } }, 'secrets.maxAgeDays'],
    [{ secrets: { enable: true } }, 'secrets.enable'],
    [{ secrets: { allow: { path: ['x'] } } }, 'secrets.allow.path'],
  ] as const) {
    it(`refuses ${JSON.stringify(input)} naming \`${key}\``, async () => {
      await assert.rejects(resolveConfig(input, 'flowgate.config.json'), (e: unknown) => e instanceof FlowError && e.exitCode === 2 && e.message.includes(`\`${key}\``) && e.message.includes('flowgate.config.json'));
    });
  }
});
