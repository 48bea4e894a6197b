import type { FlowgateConfig } from '../config/types.js';

/**
 * The checks that refuse something, by hook. A config's `hooks.<hook>` list replaces the default
 * whole, so a list written without one of these turns that guard off; that may be meant, but it
 * must never go unnoticed (doctor reports each one). The secret scan has its own switches
 * (core/secrets/switches.ts).
 */
const GUARDS = [
  ['pre-commit', 'protected-branch', 'commits on protected branches are not refused'],
  ['commit-msg', 'commitlint', 'commit messages are not checked when committing'],
  ['pre-push', 'protected-branch', 'pushes to protected branches are not refused'],
  ['pre-push', 'commit-messages', 'the messages of pushed commits are not checked'],
] as const;

export interface GuardLeftOut {
  hook: (typeof GUARDS)[number][0];
  guard: string;
  /** what no longer happens, in plain words */
  effect: string;
  /** the hook's list with the guard put back */
  restored: string[];
}

export function guardsLeftOut(hooks: FlowgateConfig['hooks']): GuardLeftOut[] {
  return GUARDS.filter(([hook, guard]) => !hooks[hook].includes(guard)).map(([hook, guard, effect]) => ({
    hook,
    guard,
    effect,
    restored: [...hooks[hook], guard],
  }));
}
