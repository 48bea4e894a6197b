import { EXIT_FAILURE, EXIT_OK, FlowError, errorMessage } from '../errors.js';
import { redact } from '../core/redact.js';
import { error } from '../ui/output.js';
import { hookContext, type HookContext } from './context.js';

export type HookHandler = (ctx: HookContext, args: string[]) => Promise<number>;

/** Run one hook: FLOWGATE_SKIP, the context, and errors → exit codes. Fails closed. */
export async function runHookWith(name: string, handler: HookHandler, args: string[]): Promise<number> {
  if (process.env.FLOWGATE_SKIP === '1') return EXIT_OK;
  try {
    return await handler(await hookContext(), args);
  } catch (e) {
    // One copy of FlowError per hook process: each hook is a single bundle (scripts/hook-bundle.js).
    const known = e instanceof FlowError;
    error(known ? e.message : `${name} hook failed: ${errorMessage(e)}`);
    if (process.env.FLOWGATE_DEBUG && e instanceof Error) process.stderr.write(`${redact(String(e.stack))}\n`);
    return known ? e.exitCode : EXIT_FAILURE;
  }
}
