import { join } from 'node:path';
import { gitRaw } from '../../git/exec.js';
import { fail, installHooksCommand, ok, same, show, warn, type Check, type CheckResult } from '../types.js';

/** Where git runs the hooks from (core.hooksPath or .git/hooks), and whether that is flowgate's. */
export const hooksPath: Check = (ctx) => {
  if (!ctx.repo || !ctx.hooks) return [];
  const h = ctx.hooks;
  const gitHooks = join(ctx.repo.commonDir, 'hooks');
  const install = installHooksCommand(ctx);
  const results: CheckResult[] = [];
  if (h.source === 'default') {
    results.push(ok('core.hooksPath', `not set: git runs ${show(ctx, gitHooks)}, shared by every worktree`));
  } else if (h.layout === 'flowgate' && same(h.dir, gitHooks)) {
    results.push(ok('core.hooksPath', `${h.value} (this repository's .git/hooks, set to shadow the global core.hooksPath)`));
  } else if (h.layout === 'flowgate') {
    results.push(
      fail(
        'core.hooksPath',
        `'${h.value}' is another repository's hooks folder (this one was moved or copied, or an older flowgate wrote an absolute path): its hooks refuse or do not run`,
        install,
      ),
    );
  } else if (h.layout === 'husky') {
    results.push(ok('core.hooksPath', `${h.value}: husky's layout, which runs flowgate's lines in .husky/<hook>`));
  } else if (h.source === 'worktree') {
    // install and uninstall manage the repository's .git/config, not one worktree's config.worktree
    results.push(
      fail(
        'core.hooksPath',
        `'${h.value}' is set for this worktree only (${show(ctx, h.origin ?? join(ctx.repo.gitDir, 'config.worktree'))}), so git runs ${show(ctx, h.dir)} here and not flowgate's hooks`,
        'git config --worktree --unset core.hooksPath (in this worktree; the others keep the repository\'s hooks)',
      ),
    );
  } else if (h.source === 'inherited') {
    results.push(fail('core.hooksPath', `not set in this repository, so git runs the global hooks in ${h.value} and not flowgate's`, install));
  } else {
    results.push(
      fail(
        'core.hooksPath',
        `'${h.value}' belongs to another hook manager, so flowgate's hooks do not run`,
        `${install} --force (flowgate uninstall restores it), or call \`flowgate hook <name> "$@"\` from that manager`,
      ),
    );
  }
  const global = gitRaw(['config', '--global', '--get', 'core.hooksPath'], { cwd: ctx.repo.topLevel });
  if ((h.source === 'local' || h.source === 'worktree') && global.code === 0 && global.stdout.trim()) {
    results.push(warn('global core.hooksPath', `the global '${global.stdout.trim()}' is shadowed here: its hooks do not run in this repository`, 'call those hooks from .husky/<hook> if you need them'));
  }
  return results;
};
