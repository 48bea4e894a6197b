import { uninstallHooks } from '../install/install.js';
import { info } from '../ui/output.js';
import { cwdOption } from './options.js';

export interface UninstallOptions {
  cwd: string;
  dryRun: boolean;
}

/** `flow uninstall [--dry-run]`. */
export function readOptions(raw: Record<string, unknown>): UninstallOptions {
  return { cwd: cwdOption(raw), dryRun: Boolean(raw.dryRun) };
}

export async function uninstall(o: UninstallOptions): Promise<number> {
  const result = await uninstallHooks(o);
  info(result.message);
  return result.code;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return uninstall(readOptions(options));
}
