// The one rule for guards a config turns off: hook lists without a guard, and the secret scan's
// own switch, which wins over its list entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { guardsOff, secretScanOff } from '../../src/core/hook-guards.js';

test('guardsOff: none by default; each guard a hook list leaves out, in hook order, with its key', () => {
  assert.deepEqual(guardsOff(defaultConfig()), []);
  const config = defaultConfig();
  config.hooks['pre-commit'] = ['branch-name'];
  config.hooks['pre-push'] = ['protected-branch'];
  const off = guardsOff(config, 'package.json#flowgate');
  assert.deepEqual(
    off.map((g) => [g.key, g.guard]),
    [
      ['hooks.pre-commit', 'protected-branch'],
      ['hooks.pre-commit', 'secrets'],
      ['hooks.pre-push', 'commit-messages'],
    ],
  );
  assert.equal(off[1]!.detail, 'hooks.pre-commit in package.json#flowgate does not list "secrets": the pre-commit hook does not scan staged changes for credentials (flow check still does)');
  assert.equal(off[1]!.fix, 'add "secrets" to hooks.pre-commit: ["branch-name","secrets"]');
  assert.deepEqual(secretScanOff(config, 'package.json#flowgate'), off[1]);
});

test('guardsOff: secrets.enabled false is the scan\'s one reason, whatever the pre-commit list says', () => {
  const config = defaultConfig();
  config.secrets.enabled = false;
  config.hooks['pre-commit'] = ['protected-branch'];
  const off = guardsOff(config);
  assert.deepEqual(off.map((g) => g.key), ['secrets.enabled']);
  assert.equal(off[0]!.detail, 'secrets.enabled is false in the flowgate config: neither the pre-commit hook nor flow check scans for credentials');
  assert.equal(secretScanOff(config)?.fix, 'remove "enabled": false from "secrets" in the flowgate config (true is the default)');
});
