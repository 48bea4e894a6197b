import { SECRET_SCAN, guardsOff } from '../../core/hook-guards.js';
import { ok, show, validConfig, warn, type Check } from '../types.js';

/** Guards a config's hook lists leave out (the secret scan is its own check). */
export const hookGuards: Check = async (ctx) => {
  const loaded = await validConfig(ctx);
  if (!loaded) return [];
  const off = guardsOff(loaded.config, loaded.file ? show(ctx, loaded.file) : undefined).filter((g) => g.guard !== SECRET_SCAN);
  if (off.length === 0) return [ok('hook guards', 'protected branches and commit messages are checked on commit and push')];
  return off.map((g) => warn('hook guards', g.detail, g.fix));
};
