import { EXIT_FAILURE, EXIT_OK, FlowError, errorMessage } from '../errors.js';
import { error } from '../ui/output.js';
import { hookContext } from './context.js';

/** Entry for `flowgate hook <name> [git's args]`, bundled into dist/hook/ for start-up speed. */
export async function runHook(name: string, args: string[]): Promise<number> {
  if (process.env.FLOWGATE_SKIP === '1') return EXIT_OK;
  try {
    switch (name) {
      case 'pre-commit': {
        const { preCommit } = await import('./pre-commit.js');
        return await preCommit(await hookContext());
      }
      case 'commit-msg': {
        const { commitMsg } = await import('./commit-msg.js');
        return await commitMsg(await hookContext(), args);
      }
      case 'prepare-commit-msg': {
        const { prepareCommitMsg } = await import('./prepare-commit-msg.js');
        return await prepareCommitMsg(await hookContext(), args);
      }
      case 'pre-push': {
        const { prePush } = await import('./pre-push.js');
        return await prePush(await hookContext(), args);
      }
      default:
        error(`unknown hook '${name}'; flowgate handles pre-commit, prepare-commit-msg, commit-msg and pre-push.`);
        return EXIT_FAILURE;
    }
  } catch (e) {
    // A hook that cannot do its job fails closed: git stops, and the user is told why.
    error(e instanceof FlowError ? e.message : `${name} hook failed: ${errorMessage(e)}`);
    if (process.env.FLOWGATE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return e instanceof FlowError ? e.exitCode : EXIT_FAILURE;
  }
}
