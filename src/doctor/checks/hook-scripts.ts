import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DISPATCHER_DIR, FLOWGATE_HOOKS, isStub } from '../../install/layout.js';
import { fail, installHooksCommand, ok, show, type Check } from '../types.js';

function isExecutable(file: string): boolean {
  try {
    return (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** What git would run for each of flowgate's hooks, in the folder git really uses. */
export const hookScripts: Check = (ctx) => {
  if (!ctx.repo || !ctx.hooks) return [];
  const { dir, layout } = ctx.hooks;
  const shown = show(ctx, dir);
  const install = installHooksCommand(ctx);
  const missing: string[] = [];
  const notExecutable: string[] = [];
  const crlf: string[] = [];
  const replaced: string[] = [];
  let manager = '';
  for (const name of FLOWGATE_HOOKS) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      missing.push(name);
      continue;
    }
    if (process.platform !== 'win32' && !isExecutable(file)) notExecutable.push(name);
    const text = readFileSync(file, 'utf8');
    if (text.includes('\r')) crlf.push(name);
    if (layout === 'flowgate' && !isStub(text) && !/flowgate hook/.test(text)) {
      replaced.push(name);
      if (/lefthook/i.test(text)) manager = 'lefthook';
      else if (/pre-commit\.com|pre_commit|INSTALL_PYTHON/.test(text)) manager = 'pre-commit';
    }
  }
  const dispatcher = layout === 'husky' ? join(dir, 'h') : join(dir, DISPATCHER_DIR, 'h');
  if (layout !== 'foreign' && missing.length < FLOWGATE_HOOKS.length && !existsSync(dispatcher)) missing.push(show(ctx, dispatcher));
  if (missing.length >= FLOWGATE_HOOKS.length) {
    const why = layout === 'husky' && ctx.repo.linked ? ` (husky's .husky/_ is not in a new worktree: run \`npx husky\` here, or remove husky's core.hooksPath so flowgate's .git/hooks run)` : '';
    return [fail('hook scripts', `no hook is installed in ${shown}${why}`, install)];
  }
  const problems: string[] = [];
  if (missing.length) problems.push(`missing in ${shown}: ${missing.join(', ')}`);
  if (notExecutable.length) problems.push(`not executable: ${notExecutable.map((n) => `${shown}/${n}`).join(', ')} (git skips them)`);
  if (crlf.length) problems.push(`CRLF line endings in ${crlf.map((n) => `${shown}/${n}`).join(', ')} (sh cannot run them)`);
  if (replaced.length) {
    problems.push(`${replaced.map((n) => `${shown}/${n}`).join(', ')} ${replaced.length > 1 ? 'were' : 'was'} replaced${manager ? ` by ${manager}` : ''}, so flowgate's checks do not run`);
  }
  if (!problems.length) return [ok('hook scripts', `${shown}: ${FLOWGATE_HOOKS.length} hooks, executable, LF${layout === 'husky' ? ' (husky\'s stubs)' : ''}`)];
  const chmod = notExecutable.length ? ` (or chmod +x ${notExecutable.map((n) => `${shown}/${n}`).join(' ')})` : '';
  const chain = replaced.length ? ` (it keeps the other manager's hooks and runs them after flowgate's)` : '';
  return [fail('hook scripts', problems.join('; '), `${install}${chmod}${chain}`)];
};
