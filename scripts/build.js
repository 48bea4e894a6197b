// Build: tsc compiles src/ to dist/; esbuild then bundles the hook entry (the code that runs on
// every commit) into dist/hook/ with code splitting, so lazily imported parts stay in their own chunks.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
} catch {
  // tsc still emitted; `npm run typecheck` (run by CI) is the gate for type errors.
  console.error('build: type errors above (JavaScript was emitted anyway; npm run typecheck fails on them).');
}

// Build into a fresh folder, then swap it in, so a concurrent reader never sees a half-built bundle.
const staging = `dist/hook.${process.pid}`;
await build({
  entryPoints: { main: 'src/hooks/main.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  // Heavy or rarely needed packages stay out of the bundle and load only on their own paths.
  external: ['lint-staged', '@commitlint/load', 'jiti', '@inquirer/*', '@octokit/*', 'simple-git', 'commander', 'typescript'],
  banner: { js: "import { createRequire as __flowgateRequire } from 'node:module'; const require = __flowgateRequire(import.meta.url);" },
  logLevel: 'warning',
});
rmSync('dist/hook', { recursive: true, force: true });
renameSync(staging, 'dist/hook');
chmodSync('dist/cli.js', 0o755);

// The JSON Schema for editor completion is generated from the same zod schema that validates.
const { configSchema } = await import('../dist/config/schema.js');
const { z } = await import('zod');
const schema = z.toJSONSchema(configSchema, { target: 'draft-7', io: 'input' });
schema.$id = 'https://unpkg.com/flowgate/schema/flowgate.schema.json';
schema.title = 'flowgate configuration';
mkdirSync('schema', { recursive: true });
writeFileSync('schema/flowgate.schema.json', JSON.stringify(schema, null, 2) + '\n');
