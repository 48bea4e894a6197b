// Hooks keep a validated JSON config in the git common dir (src/config/cache.ts) so that a commit
// does not load zod. The cache must never serve a config other than the one on disk.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfigCached, type ConfigCache } from '../../src/config/cache.js';
import { FlowError } from '../../src/errors.js';

const cacheIn = (build = 'build-1'): ConfigCache => ({ file: join(mkdtempSync(join(tmpdir(), 'flowgate-vcache-')), 'flowgate', 'config-cache.json'), build });
const FILE = '/repo/flowgate.config.json';

describe('resolveConfigCached', () => {
  it('serves a config it validated before from the cache file, and validates again after an edit', async () => {
    const cache = cacheIn();
    const first = await resolveConfigCached({ requireIssue: false }, FILE, cache);
    assert.equal(first.requireIssue, false);
    assert.ok(existsSync(cache.file), 'the validated config was cached');
    // A planted entry with the same key is what is served: proof the validator did not run again.
    const entry = JSON.parse(readFileSync(cache.file, 'utf8')) as { id: string; config: { tagPrefix: string } };
    entry.config.tagPrefix = 'from-cache-';
    writeFileSync(cache.file, JSON.stringify(entry));
    assert.equal((await resolveConfigCached({ requireIssue: false }, FILE, cache)).tagPrefix, 'from-cache-');
    // Any change of content, file or validator build is validated afresh.
    assert.equal((await resolveConfigCached({ requireIssue: true }, FILE, cache)).requireIssue, true);
    assert.notEqual((await resolveConfigCached({ requireIssue: true }, '/other/flowgate.config.json', cache)).tagPrefix, 'from-cache-');
    writeFileSync(cache.file, JSON.stringify(entry));
    assert.notEqual((await resolveConfigCached({ requireIssue: false }, FILE, { ...cache, build: 'build-2' })).tagPrefix, 'from-cache-');
  });

  it('never caches an invalid config: it is refused on every run', async () => {
    const cache = cacheIn();
    for (let i = 0; i < 2; i++) {
      await assert.rejects(resolveConfigCached({ protected: 5 }, FILE, cache), (e: unknown) => e instanceof FlowError && /`protected`/.test(e.message));
    }
    assert.equal(existsSync(cache.file), false);
  });

  it('leaves module configs (flowgate.config.ts) uncached and ignores a corrupt cache file', async () => {
    const cache = cacheIn();
    await resolveConfigCached({ requireIssue: false }, '/repo/flowgate.config.ts', cache);
    assert.equal(existsSync(cache.file), false, 'a module export need not survive JSON');
    await resolveConfigCached({ requireIssue: false }, '/repo/package.json#flowgate', cache);
    writeFileSync(cache.file, '{not json');
    assert.equal((await resolveConfigCached({ requireIssue: false }, '/repo/package.json#flowgate', cache)).requireIssue, false);
    assert.match(readFileSync(cache.file, 'utf8'), /^\{"id"/, 'the corrupt file was replaced');
  });
});
