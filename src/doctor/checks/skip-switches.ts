import { readFileSync } from 'node:fs';
import { huskyInitScript } from './gui-node.js';
import { fail, warn, type Check, type CheckResult } from '../types.js';

/** The variables hooks/h exits on before it checks anything, and the value that does it. */
const SWITCHES = [
  ['FLOWGATE_SKIP', '1', 'every flowgate hook'],
  ['HUSKY', '0', "every hook (flowgate's and husky's)"],
] as const;

/**
 * Switches that turn every hook off: this shell's environment and husky's init script. Set in the
 * environment, the hooks are installed and not broken (a warning, as SPEC's doctor rule has it),
 * but nothing is enforced: the result says so, and the summary does not call the hooks working.
 */
export const skipSwitches: Check = (ctx) => {
  const results: CheckResult[] = [];
  for (const [name, value, what] of SWITCHES) {
    if (ctx.env[name] !== value) continue;
    results.push({
      ...warn(
        'skip switches',
        `${name}=${value} is set in this shell: ${what} exits at once, so commits and pushes from here are not checked`,
        `unset ${name} (and remove it from your shell profile, .envrc or the GUI client's settings if it is set there)`,
      ),
      switchedOff: `${name}=${value}`,
    });
  }
  let init = '';
  try {
    init = readFileSync(huskyInitScript(ctx.env), 'utf8');
  } catch {
    // no init script
  }
  if (/^\s*(export\s+)?(HUSKY=["']?0|FLOWGATE_SKIP=["']?1)\b/m.test(init)) {
    results.push(fail('skip switches', `${huskyInitScript(ctx.env)} turns every hook off (HUSKY=0 or FLOWGATE_SKIP=1)`, 'remove that line'));
  }
  return results;
};
