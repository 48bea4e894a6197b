import type { FlowgateConfig, HookCheck, HookName } from '../config/types.js';

/**
 * The checks that refuse something, by hook. A config's `hooks.<hook>` list replaces the default
 * whole, so a list written without one of these turns that guard off; the secret scan has one
 * more switch, `secrets.enabled` (pre-commit and flow check). Either may be meant, so neither is
 * an error, but neither may go unnoticed: doctor, flow audit and flow check report it with the key
 * and the way back.
 */
const GUARDS: readonly (readonly [HookName, HookCheck, string])[] = [
  ['pre-commit', 'protected-branch', 'commits on protected branches are not refused'],
  ['pre-commit', 'secrets', 'the pre-commit hook does not scan staged changes for credentials (flow check still does)'],
  ['commit-msg', 'commitlint', 'commit messages are not checked when committing'],
  ['pre-push', 'protected-branch', 'pushes to protected branches are not refused'],
  ['pre-push', 'commit-messages', 'the messages of pushed commits are not checked'],
];

/** The secret scan, as its hook list names it. */
export const SECRET_SCAN = 'secrets';

export interface GuardOff {
  /** as a hook list names it */
  guard: HookCheck;
  /** the config key that turns it off */
  key: 'secrets.enabled' | `hooks.${HookName}`;
  /** what no longer happens, naming the key and `file` */
  detail: string;
  /** the way back */
  fix: string;
}

/** Every guard the config turns off, and why. `file`: where that config is, as shown to the user. */
export function guardsOff(config: Pick<FlowgateConfig, 'hooks' | 'secrets'>, file = 'the flowgate config'): GuardOff[] {
  return GUARDS.flatMap(([hook, guard, effect]): GuardOff[] => {
    if (guard === SECRET_SCAN && !config.secrets.enabled) {
      return [
        {
          guard,
          key: 'secrets.enabled',
          detail: `secrets.enabled is false in ${file}: neither the pre-commit hook nor flow check scans for credentials`,
          fix: `remove "enabled": false from "secrets" in ${file} (true is the default)`,
        },
      ];
    }
    const list = config.hooks[hook];
    if (list.includes(guard)) return [];
    return [{ guard, key: `hooks.${hook}`, detail: `hooks.${hook} in ${file} does not list "${guard}": ${effect}`, fix: `add "${guard}" to hooks.${hook}: ${JSON.stringify([...list, guard])}` }];
  });
}

/** Where the config turns the secret scan off, or undefined when pre-commit and flow check both scan. */
export function secretScanOff(config: Pick<FlowgateConfig, 'hooks' | 'secrets'>, file?: string): GuardOff | undefined {
  return guardsOff(config, file).find((g) => g.guard === SECRET_SCAN);
}
