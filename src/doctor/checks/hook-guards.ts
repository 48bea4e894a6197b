import { guardsLeftOut } from '../../core/hook-guards.js';
import { ok, show, validConfig, warn, type Check } from '../types.js';

/** Guards a config's hook lists leave out. */
export const hookGuards: Check = async (ctx) => {
  const loaded = await validConfig(ctx);
  if (!loaded) return [];
  const { config, file } = loaded;
  const where = file ? show(ctx, file) : 'the flowgate config';
  const off = guardsLeftOut(config.hooks);
  if (off.length === 0) return [ok('hook guards', 'protected branches and commit messages are checked on commit and push')];
  return off.map((g) =>
    warn('hook guards', `hooks.${g.hook} in ${where} does not list "${g.guard}": ${g.effect}`, `add "${g.guard}" to hooks.${g.hook}: ${JSON.stringify(g.restored)}`),
  );
};
