import { gitRaw } from './exec.js';

/**
 * core.hooksPath as git resolves it when it runs a hook here: the last value over every scope
 * (system, global, local, this worktree's config.worktree, `git -c`), and where it came from
 * (`file:<path>`, relative to the work tree for the repository's own files, or `command line:`).
 */
export function effectiveHooksPath(topLevel: string): { value: string; origin: string } | undefined {
  const r = gitRaw(['config', '--show-origin', '-z', '--get', 'core.hooksPath'], { cwd: topLevel });
  if (r.code !== 0) return undefined;
  const [origin = '', value = ''] = r.stdout.split('\0');
  return value ? { value, origin } : undefined;
}
