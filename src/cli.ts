#!/usr/bin/env node
// Kept tiny: hooks start here on every commit, so only the hook path is imported for them.
import module from 'node:module';

(module as { enableCompileCache?: () => void }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv[0] === 'hook') {
  // The bundled hook entry (scripts/build.js); a variable keeps tsc from resolving it.
  const entry = './hook/main.js';
  const { runHook } = (await import(entry)) as { runHook: (name: string, args: string[]) => Promise<number> };
  process.exitCode = await runHook(argv[1] ?? '', argv.slice(2));
} else {
  const { main } = await import('./program.js');
  process.exitCode = await main(argv);
}
