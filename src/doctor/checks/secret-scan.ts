import { secretScanOff } from '../../core/secrets/switches.js';
import { ok, show, validConfig, warn, type Check } from '../types.js';

/** Whether the config lets the pre-commit hook and flow check scan for credentials. */
export const secretScan: Check = async (ctx) => {
  const loaded = await validConfig(ctx);
  if (!loaded) return [];
  const { config, file } = loaded;
  const off = secretScanOff({ enabled: config.secrets.enabled, preCommit: config.hooks['pre-commit'] }, file ? show(ctx, file) : 'the flowgate config');
  return off ? [warn('secret scan', off.detail, off.fix)] : [ok('secret scan', 'on in the pre-commit hook and in flow check')];
};
