// One bundle per hook (scripts/build.js): a commit loads one file, not a graph of chunks.
import { prePush } from '../pre-push.js';
import { runHookWith } from '../run.js';

export const run = (args: string[]): Promise<number> => runHookWith('pre-push', prePush, args);
