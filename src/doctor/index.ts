import { errorMessage } from '../errors.js';
import { binary } from './checks/binary.js';
import { commitlint } from './checks/commitlint.js';
import { config } from './checks/config.js';
import { gitVersion } from './checks/git-version.js';
import { guiNode } from './checks/gui-node.js';
import { hookGuards } from './checks/hook-guards.js';
import { hookLines } from './checks/hook-lines.js';
import { hookScripts } from './checks/hook-scripts.js';
import { hooksPath } from './checks/hooks-path.js';
import { neighbours } from './checks/neighbours.js';
import { nodeVersion } from './checks/node-version.js';
import { remoteAndToken } from './checks/remote.js';
import { secretScan } from './checks/secret-scan.js';
import { skipSwitches } from './checks/skip-switches.js';
import { workTree } from './checks/work-tree.js';
import { worktrees } from './checks/worktrees.js';
import { fail, type Check, type CheckResult, type DoctorContext } from './types.js';

export { doctorContext } from './context.js';
export type { Check, CheckResult, DoctorContext } from './types.js';

/** In the order doctor prints them; each stands alone (the config is loaded once, by whichever asks first). */
export const CHECKS: Check[] = [
  gitVersion,
  nodeVersion,
  workTree,
  hooksPath,
  hookScripts,
  hookLines,
  binary,
  neighbours,
  skipSwitches,
  guiNode,
  config,
  hookGuards,
  secretScan,
  commitlint,
  worktrees,
  remoteAndToken,
];

export async function runChecks(ctx: DoctorContext, checks: Check[] = CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(...(await check(ctx)));
    } catch (error) {
      results.push(fail(check.name || 'check', `could not run: ${errorMessage(error)}`));
    }
  }
  return results;
}
