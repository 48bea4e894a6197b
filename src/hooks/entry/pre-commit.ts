// One bundle per hook (scripts/build.js): a commit loads one file, not a graph of chunks.
import { preCommit } from '../pre-commit.js';
import { runHookWith } from '../run.js';

export const run = (args: string[]): Promise<number> => runHookWith('pre-commit', preCommit, args);
