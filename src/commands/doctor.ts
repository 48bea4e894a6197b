import { FlowError } from '../errors.js';

export async function run(_options: Record<string, unknown>): Promise<number> {
  throw new FlowError('flow doctor is not finished yet in this build.');
}
