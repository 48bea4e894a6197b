import type { FlowgateConfig } from '../config/types.js';

/**
 * Placeholder until the interactive commit prompt lands: the hook must never wait, so this
 * reports "nothing written" and the caller falls back to the template/footer.
 */
export async function promptIntoFile(_file: string, _opts: { issue?: string; config: FlowgateConfig }): Promise<boolean> {
  return false;
}
