#!/usr/bin/env node
// Kept tiny: hooks start here on every commit, so only the hook path is imported for them.
import module from 'node:module';

(module as { enableCompileCache?: () => void }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv[0] === 'hook') {
  // One bundled file per hook (scripts/build.js); a variable keeps tsc from resolving it.
  const name = argv[1] ?? '';
  if (['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push'].includes(name)) {
    const entry = `./hook/${name}.js`;
    const { run } = (await import(entry)) as { run: (args: string[]) => Promise<number> };
    process.exitCode = await run(argv.slice(2));
  } else {
    process.stderr.write(`flowgate: unknown hook '${name}'; flowgate handles pre-commit, prepare-commit-msg, commit-msg and pre-push.\n`);
    process.exitCode = 2;
  }
} else {
  const { main } = await import('./program.js');
  process.exitCode = await main(argv);
}
