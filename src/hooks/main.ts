import { EXIT_FAILURE } from '../errors.js';
import { error } from '../ui/output.js';
import { runHookWith } from './run.js';

export const HOOK_NAMES = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push'] as const;

/**
 * `flowgate hook <name>` from the unbundled build. The CLI normally loads the one-file bundle of
 * each hook (dist/hook/<name>.js, from src/hooks/entry/) instead, for start-up speed.
 */
export async function runHook(name: string, args: string[]): Promise<number> {
  switch (name) {
    case 'pre-commit':
      return runHookWith(name, (await import('./pre-commit.js')).preCommit, args);
    case 'commit-msg':
      return runHookWith(name, (await import('./commit-msg.js')).commitMsg, args);
    case 'prepare-commit-msg':
      return runHookWith(name, (await import('./prepare-commit-msg.js')).prepareCommitMsg, args);
    case 'pre-push':
      return runHookWith(name, (await import('./pre-push.js')).prePush, args);
    default:
      error(`unknown hook '${name}'; flowgate handles ${HOOK_NAMES.join(', ')}.`);
      return EXIT_FAILURE;
  }
}
