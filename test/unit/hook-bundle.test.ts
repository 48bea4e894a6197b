// The checks scripts/build.js runs on every hook bundle (esbuild's metafile), on made-up bundles
// with each fault and on the real build options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { PARSER_ONLY_PRESET, bundleProblems, hookBuildOptions } from '../../scripts/hook-bundle.js';

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

describe('the presets in the hook bundles', () => {
  type Preset = (config?: unknown) => Promise<{ parser: unknown }> | { parser: unknown };
  const presets = ['conventional-changelog-conventionalcommits', 'conventional-changelog-angular'];

  it('are their parser options alone (and is-ignored gets no semver)', async () => {
    for (const hook of ['prepare-commit-msg', 'commit-msg', 'pre-push']) {
      const { metafile } = await build({ ...hookBuildOptions(hook, 'dist/hook'), write: false, logLevel: 'silent' });
      const inputs = Object.keys(metafile.outputs[`dist/hook/${hook}.cjs`]!.inputs).filter((p) => p.startsWith('node_modules/'));
      const fromPresets = inputs.filter((p) => p.includes('/conventional-changelog-'));
      assert.deepEqual(fromPresets.sort(), presets.map((p) => `node_modules/${p}/src/parser.js`).sort(), hook);
      assert.deepEqual(inputs.filter((p) => p.startsWith('node_modules/semver/')), [], hook);
    }
  });

  it('give the parser options the real presets give', async () => {
    const require = createRequire(import.meta.url);
    for (const name of presets) {
      const { outputFiles } = await build({ stdin: { contents: PARSER_ONLY_PRESET, resolveDir: dirname(require.resolve(name)), loader: 'js' }, bundle: true, format: 'esm', write: false });
      const shim = ((await import(`data:text/javascript,${encodeURIComponent(outputFiles[0]!.text)}`)) as { default: Preset }).default;
      const real = ((await import(name)) as { default: Preset }).default;
      for (const config of [undefined, { issuePrefixes: ['JIRA-'] }]) {
        const expected = (await real(config)).parser;
        assert.ok(expected && typeof expected === 'object', name);
        assert.deepEqual((await shim(config)).parser, expected, name);
      }
    }
  });
});
