// Build: tsc compiles src/ to dist/; esbuild then bundles each hook (the code that runs on
// every commit) into one file, dist/hook/<hook>.js, for start-up speed.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);

try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
} catch {
  // tsc still emitted; `npm run typecheck` (run by CI) is the gate for type errors.
  console.error('build: type errors above (JavaScript was emitted anyway; npm run typecheck fails on them).');
}

// One file per hook, built into a fresh folder that is then swapped in, so a concurrent reader
// never sees a half-built bundle. A dynamic import() of one of our own modules stays a separate
// file (tsc's output in dist/): it is loaded only on the path that needs it.
const staging = `dist/hook.${process.pid}`;
const lazyOwnModules = {
  name: 'lazy-own-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const source = resolve(args.resolveDir, args.path);
      const compiled = relative(resolve('dist/hook'), resolve('dist', relative(resolve('src'), source)));
      return { path: compiled.startsWith('.') ? compiled : `./${compiled}`, external: true };
    });
  },
};
await build({
  entryPoints: Object.fromEntries(['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push'].map((h) => [h, `src/hooks/entry/${h}.ts`])),
  outdir: staging,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  plugins: [lazyOwnModules],
  // Heavy or rarely needed packages stay out of the bundle and load only on their own paths.
  external: ['lint-staged', '@commitlint/load', 'jiti', '@inquirer/*', '@octokit/*', 'simple-git', 'commander', 'typescript', 'zod'],
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
