import { secretScanOff } from '../../core/hook-guards.js';
import { ok, show, validConfig, warn, type Check } from '../types.js';

/** Whether the config lets the pre-commit hook and flow check scan for credentials. */
export const secretScan: Check = async (ctx) => {
  const loaded = await validConfig(ctx);
  if (!loaded) return [];
  const off = secretScanOff(loaded.config, loaded.file ? show(ctx, loaded.file) : undefined);
  return off ? [warn('secret scan', off.detail, off.fix)] : [ok('secret scan', 'on in the pre-commit hook and in flow check')];
};
