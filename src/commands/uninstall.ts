import { uninstallHooks } from '../install/install.js';
import { info } from '../ui/output.js';

export async function run(): Promise<number> {
  const result = await uninstallHooks({ cwd: process.cwd() });
  info(result.message);
  return result.code;
}
