import { installHooks } from '../install/install.js';
import { info } from '../ui/output.js';

export async function run(options: { force?: boolean; postinstall?: boolean }): Promise<number> {
  const result = await installHooks({ cwd: process.cwd(), force: options.force, postinstall: options.postinstall });
  info(result.message);
  return result.code;
}
