// npm postinstall of the flowgate package: set up the hooks of the project that depends on it.
// Never fails the surrounding install; in flowgate's own checkout (nothing built yet) it does nothing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'dist', 'install', 'install.js'))) {
  try {
    const { installHooks } = await import('../dist/install/install.js');
    const result = await installHooks({ cwd: process.env.INIT_CWD ?? process.cwd(), postinstall: true });
    console.error(result.message);
  } catch (error) {
    console.error(`flowgate: hooks not installed: ${error instanceof Error ? error.message : String(error)}; run \`npx flow install\`.`);
  }
}
