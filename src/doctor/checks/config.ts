import { loadConfig } from '../../config/load.js';
import { errorMessage } from '../../errors.js';
import { fail, ok, show, type Check } from '../types.js';

export const config: Check = async (ctx) => {
  try {
    ctx.loaded = await loadConfig(ctx.packageDir);
  } catch (error) {
    return [fail('config', errorMessage(error), 'fix the key named above (or `npx flowgate init --force` rewrites flowgate.config.json)')];
  }
  const b = ctx.loaded.config.branches;
  const model = b.develop ? `main=${b.main}, develop=${b.develop}` : `main=${b.main}, trunk-based`;
  return [ok('config', `${ctx.loaded.file ? show(ctx, ctx.loaded.file) : 'none (defaults)'}: ${model}`)];
};

