// One bundle per hook (scripts/build.js): a commit loads one file, not a graph of chunks.
import { commitMsg } from '../commit-msg.js';
import { runHookWith } from '../run.js';

export const run = (args: string[]): Promise<number> => runHookWith('commit-msg', commitMsg, args);
