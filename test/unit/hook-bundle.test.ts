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
  it('accepts one file whose heavy packages load through import()', () => {
    const m = meta({
      'out/commit-msg.cjs': output(['src/errors.ts', 'src/hooks/commit-msg.ts'], [
        { path: 'node:fs', kind: 'require-call', external: true },
        { path: 'zod', kind: 'dynamic-import', external: true },
      ], 'src/hooks/entry/commit-msg.ts'),
    });
    assert.deepEqual(bundleProblems(m), []);
  });

  it('finds a bundle split into more than one file', () => {
    const m = meta({ 'out/commit-msg.cjs': output(['src/errors.ts']), 'out/chunks/lazy.cjs': output(['src/lazy.ts']) });
    assert.deepEqual(bundleProblems(m), ['the bundle is 2 files (out/commit-msg.cjs, out/chunks/lazy.cjs), not one: a hook could run two copies of a module.']);
  });

  it('finds a file of ours loaded from outside the bundle (tsc output next to it)', () => {
    const m = meta({ 'out/commit-msg.cjs': output(['src/hooks/commit-msg.ts'], [{ path: '../config/validate.js', kind: 'dynamic-import', external: true }]) });
    assert.match(bundleProblems(m).join('\n'), /imports \.\.\/config\/validate\.js from outside the bundle/);
  });

  it('finds a heavy package the bundle loads at once', () => {
    const m = meta({ 'out/pre-commit.cjs': output(['src/a.ts'], [{ path: '@inquirer/prompts', kind: 'import-statement', external: true }]) });
    assert.deepEqual(bundleProblems(m), [
      'out/pre-commit.cjs imports @inquirer/prompts statically: heavy packages load only on the path that needs them (import() it).',
    ]);
    // a require() in a CommonJS bundle loads at once too
    m.outputs['out/pre-commit.cjs']!.imports[0]!.kind = 'require-call';
    assert.equal(bundleProblems(m).length, 1);
    // import() loads it on the path that needs it
    m.outputs['out/pre-commit.cjs']!.imports[0]!.kind = 'dynamic-import';
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
