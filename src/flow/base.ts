import { shellQuote } from '../core/shell-quote.js';
import { FlowError } from '../errors.js';
import type { Step } from '../plan/step.js';
import { fetch } from '../plan/steps.js';

/**
 * The base a new branch starts from, shared by `flow <type> start` and `flow release start`:
 * fetching origin's copy is soft (offline, the command goes on from what the clone has, with
 * the executor's warning), and a base that exists neither here nor on origin is refused.
 */

/** Fetch `base` from origin into origin/<base>, and only that branch. */
export function fetchBase(base: string): Step<void> {
  return fetch('origin', [`+refs/heads/${base}:refs/remotes/origin/${base}`], { what: base });
}

/** `base` is neither a local branch nor on origin: one sentence with the way out. */
export function noBaseError(base: string, main: string, action: 'start' | 'start the release'): FlowError {
  const hint =
    base === main
      ? `create it first (git switch -c ${shellQuote(base)} and commit), or set branches.main in the flowgate config`
      : `create it with \`git branch ${shellQuote(base)} ${shellQuote(main)}\`, or set branches.develop to null in the flowgate config for trunk-based work`;
  return new FlowError(`There is no branch '${base}' to ${action} from, locally or on origin; ${hint}.`);
}
