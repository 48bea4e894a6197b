/**
 * The secret scan has two switches in the config: `secrets.enabled` (pre-commit and flow check)
 * and the `secrets` entry of `hooks.pre-commit` (the hook alone; a list written without it drops
 * the scan). Either may be off on purpose, so neither is an error, but neither is silent: doctor
 * and flow audit report it with the key and the way back.
 */
export interface ScanSwitchedOff {
  /** the config key that switches it off */
  key: 'secrets.enabled' | 'hooks.pre-commit';
  detail: string;
  fix: string;
}

/** Where the config switches the scan off, or undefined when pre-commit and flow check both scan. `file`: where that config is, as shown to the user. */
export function secretScanOff(s: { enabled: boolean; preCommit: readonly string[] }, file = 'the flowgate config'): ScanSwitchedOff | undefined {
  if (!s.enabled) {
    return {
      key: 'secrets.enabled',
      detail: `secrets.enabled is false in ${file}: neither the pre-commit hook nor flow check scans for credentials`,
      fix: `remove "enabled": false from "secrets" in ${file} (true is the default)`,
    };
  }
  if (!s.preCommit.includes('secrets')) {
    return {
      key: 'hooks.pre-commit',
      detail: `hooks.pre-commit in ${file} does not list "secrets": the pre-commit hook does not scan staged changes for credentials (flow check still does)`,
      fix: `add "secrets" to hooks.pre-commit: ${JSON.stringify([...s.preCommit, 'secrets'])}`,
    };
  }
  return undefined;
}
