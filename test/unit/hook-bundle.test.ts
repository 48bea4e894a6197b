// The checks scripts/build.js runs on every hook bundle (esbuild's metafile), on made-up bundles
// with each fault and on the real build options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build, type Metafile } from 'esbuild';
import { bundleProblems, hookBuildOptions } from '../../scripts/hook-bundle.js';

type Output = Metafile['outputs'][string];
const output = (inputs: string[], imports: Output['imports'] = [], entryPoint?: string): Output => ({
  bytes: 1,
  inputs: Object.fromEntries(inputs.map((i) => [i, { bytesInOutput: 1 }])),
  imports,
  exports: [],
  ...(entryPoint ? { entryPoint } : {}),
});
const meta = (outputs: Record<string, Output>): Metafile => ({ inputs: {}, outputs });

describe('bundleProblems', () => {
  it('accepts an entry with a lazy chunk that shares nothing', () => {
    const m = meta({
      'out/commit-msg.js': output(['src/errors.ts', 'src/hooks/commit-msg.ts'], [
        { path: 'node:fs', kind: 'import-statement', external: true },
        { path: 'out/chunks/schema.js', kind: 'dynamic-import' },
        { path: 'zod', kind: 'dynamic-import', external: true },
      ], 'src/hooks/entry/commit-msg.ts'),
      'out/chunks/schema.js': output(['src/config/schema.ts'], [{ path: 'zod', kind: 'import-statement', external: true }], 'src/config/schema.ts'),
    });
    assert.deepEqual(bundleProblems(m), []);
  });

  it('finds a module bundled into two files', () => {
    const m = meta({
      'out/commit-msg.js': output(['src/errors.ts'], [{ path: 'out/chunks/lazy.js', kind: 'dynamic-import' }]),
      'out/chunks/lazy.js': output(['src/errors.ts', 'src/lazy.ts']),
    });
    assert.deepEqual(bundleProblems(m), ['src/errors.ts is bundled twice (out/commit-msg.js and out/chunks/lazy.js): a hook would run two copies of it.']);
  });

  it('finds a file of ours loaded from outside the bundle (tsc output next to it)', () => {
    const m = meta({ 'out/commit-msg.js': output(['src/hooks/commit-msg.ts'], [{ path: '../config/validate.js', kind: 'dynamic-import', external: true }]) });
    assert.match(bundleProblems(m).join('\n'), /imports \.\.\/config\/validate\.js from outside the bundle/);
  });

  it('finds a heavy package the entry loads at once, directly or through a shared chunk', () => {
    const m = meta({
      'out/pre-commit.js': output(['src/a.ts'], [{ path: 'out/chunks/shared.js', kind: 'import-statement' }]),
      'out/chunks/shared.js': output(['src/b.ts'], [{ path: '@inquirer/prompts', kind: 'import-statement', external: true }]),
    });
    assert.deepEqual(bundleProblems(m), [
      'out/chunks/shared.js (which out/pre-commit.js loads at once) imports @inquirer/prompts statically: heavy packages load only on the path that needs them (import() it).',
    ]);
    // a require() in a CommonJS bundle loads at once too
    m.outputs['out/chunks/shared.js']!.imports[0]!.kind = 'require-call';
    assert.equal(bundleProblems(m).length, 1);
    // the same import in a chunk that only import() reaches is fine
    m.outputs['out/pre-commit.js']!.imports[0]!.kind = 'dynamic-import';
    assert.deepEqual(bundleProblems(m), []);
  });

  it('passes the real bundle of every hook', async () => {
    for (const hook of ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push']) {
      const { metafile } = await build({ ...hookBuildOptions(hook, 'dist/hook'), write: false, logLevel: 'silent' });
      assert.deepEqual(bundleProblems(metafile), [], hook);
      // one CommonJS file per hook: its lazy parts are inside it, so nothing of ours loads twice
      assert.deepEqual(Object.keys(metafile.outputs), [`dist/hook/${hook}.cjs`], hook);
    }
  });
});
