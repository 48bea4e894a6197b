import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { clearConfigCache, configConflict, loadConfig } from '../../src/config/load.js';
import { FlowError } from '../../src/errors.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  clearConfigCache();
  return dir;
}

describe('loadConfig', () => {
  it('works with zero config', async () => {
    const { config, file } = await loadConfig(project({ 'package.json': '{"name":"x"}' }));
    assert.equal(file, undefined);
    assert.deepEqual(config.protected, ['main', 'develop']);
  });
  it('reads package.json#flowgate and derives protected branches', async () => {
    const { config } = await loadConfig(project({ 'package.json': JSON.stringify({ flowgate: { branches: { main: 'trunk', develop: null } } }) }));
    assert.deepEqual(config.protected, ['trunk']);
    assert.equal(config.branches.develop, null);
  });
  it('reads flowgate.config.json, .mjs and .ts', async () => {
    for (const [name, body] of [
      ['flowgate.config.json', '{"requireIssue": true}'],
      ['flowgate.config.mjs', 'export default { requireIssue: true };'],
      ['flowgate.config.ts', 'const c: { requireIssue: boolean } = { requireIssue: true };\nexport default c;'],
    ]) {
      const { config, file } = await loadConfig(project({ 'package.json': '{"name":"x","type":"module"}', [name!]: body! }));
      assert.equal(config.requireIssue, true, name);
      assert.ok(file?.endsWith(name!));
    }
  });
  const invalid: [unknown, RegExp][] = [
    [{ protected: 5 }, /`protected`/],
    [{ protectd: ['main'] }, /`protectd` unknown key/],
    [{ branches: { main: '' } }, /`branches\.main`/],
    [{ hooks: { 'pre-push': ['nope'] } }, /`hooks\.pre-push\.0`/],
    [{ issuePattern: '([' }, /`issuePattern`/],
  ];
  for (const [input, key] of invalid) {
    it(`rejects ${JSON.stringify(input)} naming the file and key`, async () => {
      const dir = project({ 'package.json': JSON.stringify({ flowgate: input }) });
      await assert.rejects(loadConfig(dir), (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.exitCode, 2);
        assert.match(e.message, /package\.json#flowgate/);
        assert.match(e.message, key);
        return true;
      });
    });
  }
  it('two config sources are an error naming both, never one silently ignored', async () => {
    const cases: [Record<string, string>, RegExp[]][] = [
      [{ 'package.json': JSON.stringify({ flowgate: { protected: 5 } }), 'flowgate.config.json': '{}' }, [/flowgate\.config\.json/, /package\.json#flowgate/]],
      [{ 'package.json': '{"name":"x","type":"module"}', 'flowgate.config.json': '{}', 'flowgate.config.mjs': 'export default {};' }, [/flowgate\.config\.mjs/, /flowgate\.config\.json/]],
    ];
    for (const [files, names] of cases) {
      const dir = project(files);
      await assert.rejects(loadConfig(dir), (e: unknown) => {
        assert.ok(e instanceof FlowError);
        assert.equal(e.exitCode, 2);
        for (const name of names) assert.match(e.message, name);
        assert.match(e.message, /keep one/);
        return true;
      });
    }
  });
  it('a broken package.json beside a config file is not a config error', async () => {
    const { config } = await loadConfig(project({ 'package.json': '{ broken', 'flowgate.config.json': '{"requireIssue": true}' }));
    assert.equal(config.requireIssue, true);
  });
});

describe('configConflict', () => {
  it('is silent for one source and lists two or three', () => {
    assert.equal(configConflict('/p', []), undefined);
    assert.equal(configConflict('/p', ['flowgate.config.json']), undefined);
    assert.match(configConflict('/p', ['flowgate.config.json', 'package.json#flowgate'])!, /^Two flowgate configs in \/p: flowgate\.config\.json and package\.json#flowgate; /);
    assert.match(configConflict('/p', ['a', 'b', 'c'])!, /: a, b and c;/);
  });
});
