// One bundle per hook (scripts/build.js): a commit loads one file, not a graph of chunks.
import { prepareCommitMsg } from '../prepare-commit-msg.js';
import { runHookWith } from '../run.js';

export const run = (args: string[]): Promise<number> => runHookWith('prepare-commit-msg', prepareCommitMsg, args);
