import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/validate.js';

test('sync and deploy blocks: defaults, values, and a bad value names its key', async () => {
  const defaults = await resolveConfig({}, 'package.json#flowgate');
  assert.deepEqual(defaults.sync, { strategy: 'merge', prune: true });
  assert.deepEqual(defaults.deploy, {});
  const set = await resolveConfig({ sync: { strategy: 'rebase' }, deploy: { script: 'npm run deploy --' } }, 'flowgate.config.json');
  assert.deepEqual(set.sync, { strategy: 'rebase', prune: true });
  assert.equal(set.deploy.script, 'npm run deploy --');
  await assert.rejects(resolveConfig({ sync: { strategy: 'squash' } }, 'flowgate.config.json'), /flowgate\.config\.json: `sync\.strategy`/);
  await assert.rejects(resolveConfig({ deploy: { scripts: 'x' } }, 'flowgate.config.json'), /`deploy\.scripts` unknown key/);
});
