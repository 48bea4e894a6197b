import { FlowError } from '../errors.js';

export async function run(_options: Record<string, unknown>): Promise<number> {
  throw new FlowError('flow version is not finished yet in this build.');
}
