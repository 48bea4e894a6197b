#!/usr/bin/env node
// Kept tiny: hooks start here on every commit, so only the hook path is imported for them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import module, { createRequire } from 'node:module';

// Node ≥ 22.8 keeps compiled code between runs (in os.tmpdir() unless NODE_COMPILE_CACHE names
// another directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such API.
(module as { enableCompileCache?: () => void }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv[0] === 'hook') {
  // scripts/build.js writes dist/hook/<hook>.cjs for exactly the hooks flowgate handles; the
  // dispatcher usually runs it directly, without this file.
  const name = argv[1] ?? '';
  const entry = new URL(`./hook/${name}.cjs`, import.meta.url);
  if (/^[a-z]+(-[a-z]+)*$/.test(name) && existsSync(entry)) {
    const { run } = createRequire(import.meta.url)(fileURLToPath(entry)) as { run: (args: string[]) => Promise<number> };
    process.exitCode = await run(argv.slice(2));
  } else {
    const [{ FLOWGATE_HOOKS }, { andList }] = await Promise.all([import('./install/layout.js'), import('./core/english.js')]);
    process.stderr.write(`flowgate: unknown hook '${name}'; flowgate handles ${andList(FLOWGATE_HOOKS)}.\n`);
    process.exitCode = 2;
  }
} else {
  const { main } = await import('./program.js');
  process.exitCode = await main(argv);
}
