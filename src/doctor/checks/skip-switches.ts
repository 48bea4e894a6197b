import { readFileSync } from 'node:fs';
import { huskyInitScript } from './gui-node.js';
import { fail, warn, type Check, type CheckResult } from '../types.js';

/** Switches that turn every hook off: this shell's environment and husky's init script. */
export const skipSwitches: Check = (ctx) => {
  const results: CheckResult[] = [];
  if (ctx.env.FLOWGATE_SKIP === '1') results.push(warn('skip switches', 'FLOWGATE_SKIP=1 is set in this shell: the hooks skip every check', 'unset FLOWGATE_SKIP'));
  if (ctx.env.HUSKY === '0') results.push(warn('skip switches', 'HUSKY=0 is set in this shell: the hooks skip every check', 'unset HUSKY'));
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
