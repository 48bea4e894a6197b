// Build: tsc type-checks src/ and compiles it to dist/ (the CLI); esbuild then bundles each hook
// (the code that runs on every commit) into dist/hook/ (scripts/hook-bundle.js). Type errors
// and an unsound hook bundle fail the build.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { bundleProblems, hookBuildOptions } from './hook-bundle.js';

const require = createRequire(import.meta.url);

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

try {
  // --noEmitOnError: nothing that failed the check reaches dist/.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmitOnError'], { stdio: 'inherit' });
} catch {
  fail('failed on the type errors above; fix them and run `npm run build` again.');
}

// Built into a fresh folder that is then swapped in, so a concurrent commit never sees half a build.
const { FLOWGATE_HOOKS } = await import('../dist/install/layout.js');
const staging = `dist/hook.${process.pid}`;
rmSync(staging, { recursive: true, force: true });
for (const hook of FLOWGATE_HOOKS) {
  const { metafile } = await build(hookBuildOptions(hook, staging));
  const problems = bundleProblems(metafile);
  if (problems.length) {
    rmSync(staging, { recursive: true, force: true });
    fail(`the ${hook} bundle is unsound:\n  ${problems.join('\n  ')}`);
  }
}
rmSync('dist/hook', { recursive: true, force: true });
renameSync(staging, 'dist/hook');
chmodSync('dist/cli.js', 0o755);

// The JSON Schema for editor completion is generated from the same zod schema that validates.
const { configSchema } = await import('../dist/config/schema.js');
const { z } = await import('zod');
const schema = z.toJSONSchema(configSchema(z), { target: 'draft-7', io: 'input' });
schema.$id = 'https://unpkg.com/flowgate/schema/flowgate.schema.json';
schema.title = 'flowgate configuration';
mkdirSync('schema', { recursive: true });
writeFileSync('schema/flowgate.schema.json', JSON.stringify(schema, null, 2) + '\n');
