import { installHooks } from '../install/install.js';
import { info } from '../ui/output.js';

/** Run by the project's own prepare/postinstall script (npm, pnpm, yarn and bun set this). */
const LIFECYCLE = new Set(['prepare', 'postinstall', 'install', 'preinstall']);

export async function run(options: { force?: boolean; postinstall?: boolean }): Promise<number> {
  const lifecycle = LIFECYCLE.has(process.env.npm_lifecycle_event ?? '');
  const result = await installHooks({ cwd: process.cwd(), force: options.force, postinstall: options.postinstall, lifecycle });
  info(result.message);
  return result.code;
}
