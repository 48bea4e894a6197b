import { errorMessage } from '../../errors.js';
import { fail, ok, show, type Check } from '../types.js';

export const config: Check = async (ctx) => {
  let loaded;
  try {
    loaded = await ctx.config();
  } catch (error) {
    return [fail('config', errorMessage(error), 'fix the key named above (or `npx flowgate init --force` rewrites flowgate.config.json)')];
  }
  const b = loaded.config.branches;
  const model = b.develop ? `main=${b.main}, develop=${b.develop}` : `main=${b.main}, trunk-based`;
  return [ok('config', `${loaded.file ? show(ctx, loaded.file) : 'none (defaults)'}: ${model}`)];
};
