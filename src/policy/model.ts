/**
 * The server-side policy with every default filled in from the branch model: what `flow protect`
 * applies and `flow protect --check` compares. Pure.
 */
import type { BranchRulesConfig, FlowgateConfig } from '../config/types.js';
import { integrationBranch, protectedBranches } from '../core/branch-model.js';
import { REQUIRED_CHECKS } from '../templates/jobs.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface BranchRules {
  branch: string;
  approvals: number;
  dismissStaleReviews: boolean;
  codeOwnerReview: boolean;
  lastPushApproval: boolean;
  conversationResolution: boolean;
  requiredChecks: string[];
  strictChecks: boolean;
  linearHistory: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
}

export interface Environment {
  name: string;
  branches: string[];
  reviewers: string[];
  waitTimer: number;
  preventSelfReview: boolean;
}

/** true: enable, false: disable, null: leave alone (and do not check). */
export interface Security {
  vulnerabilityAlerts: boolean | null;
  automatedSecurityFixes: boolean | null;
  secretScanning: boolean | null;
  pushProtection: boolean | null;
}

export interface Policy {
  branches: BranchRules[];
  enforcement: 'active' | 'evaluate' | 'disabled';
  mergeMethods: MergeMethod[];
  deleteBranchOnMerge: boolean;
  environments: Environment[];
  security: Security;
}

export const RULESET_PREFIX = 'flowgate: ';

/** The name of the ruleset flowgate owns for a branch; found by this name, updated in place. */
export function rulesetName(branch: string): string {
  return `${RULESET_PREFIX}${branch}`;
}

function rulesFor(branch: string, base: BranchRulesConfig, own: BranchRulesConfig = {}): BranchRules {
  const r = { ...base, ...own };
  return {
    branch,
    approvals: r.approvals ?? 1,
    dismissStaleReviews: r.dismissStaleReviews ?? true,
    codeOwnerReview: r.codeOwnerReview ?? false,
    lastPushApproval: r.lastPushApproval ?? false,
    conversationResolution: r.conversationResolution ?? false,
    requiredChecks: [...(r.requiredChecks ?? REQUIRED_CHECKS)],
    strictChecks: r.strictChecks ?? true,
    linearHistory: r.linearHistory ?? false,
    allowForcePushes: r.allowForcePushes ?? false,
    allowDeletions: r.allowDeletions ?? false,
  };
}

/** Zero config: staging deploys from develop (when the model has one), production from main. */
function defaultEnvironments(config: FlowgateConfig): Record<string, { branches: string[] }> {
  const develop = integrationBranch(config);
  return {
    ...(develop ? { staging: { branches: [develop] } } : {}),
    production: { branches: [config.branches.main] },
  };
}

/**
 * The whole policy. `branches` narrows the protected branches (--branch); by default every
 * protected branch that is not a glob, as the branch model says.
 */
export function resolvePolicy(config: FlowgateConfig, branches: string[] = protectedBranches(config)): Policy {
  const p = config.policy ?? {};
  const envs = { ...defaultEnvironments(config), ...(p.environments ?? {}) };
  const environments: Environment[] = [];
  for (const [name, env] of Object.entries(envs)) {
    if (env === false) continue;
    const defaults = defaultEnvironments(config)[name];
    environments.push({
      name,
      branches: [...new Set(env.branches ?? defaults?.branches ?? [config.branches.main])],
      reviewers: [...new Set((env as { reviewers?: string[] }).reviewers ?? [])],
      waitTimer: (env as { waitTimer?: number }).waitTimer ?? 0,
      preventSelfReview: (env as { preventSelfReview?: boolean }).preventSelfReview ?? false,
    });
  }
  const s = p.security ?? {};
  const pick = (v: boolean | null | undefined) => (v === undefined ? true : v);
  return {
    branches: branches.map((b) => rulesFor(b, p.rules ?? {}, p.branches?.[b])),
    enforcement: p.enforcement ?? 'active',
    mergeMethods: [...new Set(p.mergeMethods ?? (['merge', 'squash'] as MergeMethod[]))],
    deleteBranchOnMerge: p.deleteBranchOnMerge ?? true,
    environments,
    security: {
      vulnerabilityAlerts: pick(s.vulnerabilityAlerts),
      automatedSecurityFixes: pick(s.automatedSecurityFixes),
      secretScanning: pick(s.secretScanning),
      pushProtection: pick(s.pushProtection),
    },
  };
}
