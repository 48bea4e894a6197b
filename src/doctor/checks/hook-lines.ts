import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOWGATE_HOOKS, hooksDirOf, isFlowgateLine } from '../../install/layout.js';
import { fail, installHooksCommand, ok, show, type Check } from '../types.js';

/** The user-editable .husky/<hook> scripts still call flowgate. */
export const hookLines: Check = (ctx) => {
  if (!ctx.repo || !ctx.hooks) return [];
  const dir = hooksDirOf(ctx.packageDir);
  const without: string[] = [];
  const absent: string[] = [];
  for (const hook of FLOWGATE_HOOKS) {
    const file = join(dir, hook);
    if (!existsSync(file)) {
      absent.push(hook);
      continue;
    }
    if (!readFileSync(file, 'utf8').split(/\r?\n/).some(isFlowgateLine)) without.push(hook);
  }
  const shown = show(ctx, dir);
  // flowgate's dispatcher runs its own line when a .husky/<hook> is missing; husky's runs nothing.
  if (ctx.hooks.layout !== 'flowgate') without.push(...absent);
  return without.length
    ? [fail('hook lines', `no \`flowgate hook …\` line in ${without.map((h) => `${shown}/${h}`).join(', ')}, so those checks do not run`, `${installHooksCommand(ctx)} (adds the line back; your own lines stay)`)]
    : [ok('hook lines', `${shown}/{${FLOWGATE_HOOKS.join(',')}} call flowgate${absent.length ? ` (${absent.join(', ')} missing: the dispatcher runs flowgate's line)` : ''}`)];
};
