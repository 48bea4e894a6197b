import { installHooks, type InstallOptions } from '../install/install.js';
import { info } from '../ui/output.js';
import { cwdOption } from './options.js';

/** Run by the project's own prepare/postinstall script (npm, pnpm, yarn and bun set this). */
const LIFECYCLE = new Set(['prepare', 'postinstall', 'install', 'preinstall']);

/** `flow install [--force] [--postinstall] [--dry-run]`. */
export function readOptions(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): InstallOptions {
  return {
    cwd: cwdOption(raw),
    force: Boolean(raw.force),
    postinstall: Boolean(raw.postinstall),
    dryRun: Boolean(raw.dryRun),
    // inside a package install a dry run, like a real one, never fails it
    lifecycle: LIFECYCLE.has(env.npm_lifecycle_event ?? ''),
  };
}

export async function install(o: InstallOptions): Promise<number> {
  const result = await installHooks(o);
  info(result.message);
  return result.code;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return install(readOptions(options));
}
