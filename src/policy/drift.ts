/**
 * Drift: what the forge really applies compared with the policy, one difference per setting.
 * Pure: the readers (github-check.ts, gitlab.ts) turn the forge's answers into these shapes.
 */
import type { BranchRules, Environment } from './model.js';

export interface Difference {
  /** "branch main", "environment production", "repository" */
  subject: string;
  setting: string;
  expected: unknown;
  actual: unknown;
}

export function describeDifference(d: Difference): string {
  const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v === undefined || v === null ? 'not set' : String(v));
  return `${d.subject}: ${d.setting} is ${show(d.actual)}, expected ${show(d.expected)}`;
}

/** A branch's rules as read back (rulesets' effective rules or classic protection). */
export type ObservedRules = Omit<BranchRules, 'branch'> & { pullRequests: boolean };

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

export function compareRules(expected: BranchRules, actual: ObservedRules): Difference[] {
  const subject = `branch ${expected.branch}`;
  const out: Difference[] = [];
  const check = (setting: string, e: unknown, a: unknown) => {
    if (Array.isArray(e) && Array.isArray(a) ? !sameSet(e as string[], a as string[]) : e !== a) out.push({ subject, setting, expected: e, actual: a });
  };
  check('pull request required', true, actual.pullRequests);
  if (actual.pullRequests) {
    check('required approvals', expected.approvals, actual.approvals);
    check('dismiss stale reviews', expected.dismissStaleReviews, actual.dismissStaleReviews);
    check('code owner review', expected.codeOwnerReview, actual.codeOwnerReview);
    check('last push approval', expected.lastPushApproval, actual.lastPushApproval);
    check('conversation resolution', expected.conversationResolution, actual.conversationResolution);
  }
  check('required status checks', expected.requiredChecks, actual.requiredChecks);
  if (expected.requiredChecks.length && actual.requiredChecks.length) check('up to date before merging', expected.strictChecks, actual.strictChecks);
  check('linear history', expected.linearHistory, actual.linearHistory);
  check('force pushes allowed', expected.allowForcePushes, actual.allowForcePushes);
  check('deletion allowed', expected.allowDeletions, actual.allowDeletions);
  return out;
}

/** Rules with nothing applied: what a branch with no ruleset and no protection has. */
export const UNPROTECTED: ObservedRules = {
  pullRequests: false,
  approvals: 0,
  dismissStaleReviews: false,
  codeOwnerReview: false,
  lastPushApproval: false,
  conversationResolution: false,
  requiredChecks: [],
  strictChecks: false,
  linearHistory: false,
  allowForcePushes: true,
  allowDeletions: true,
};

interface RuleJson {
  type: string;
  parameters?: Record<string, unknown>;
}

/** GET /repos/{o}/{r}/rules/branches/{b} (or a ruleset's `rules`): several rulesets may apply; the strictest wins. */
export function observedFromRules(rules: RuleJson[]): ObservedRules {
  const o: ObservedRules = { ...UNPROTECTED, requiredChecks: [] };
  for (const rule of rules) {
    const p = rule.parameters ?? {};
    switch (rule.type) {
      case 'deletion':
        o.allowDeletions = false;
        break;
      case 'non_fast_forward':
        o.allowForcePushes = false;
        break;
      case 'required_linear_history':
        o.linearHistory = true;
        break;
      case 'pull_request':
        o.pullRequests = true;
        o.approvals = Math.max(o.approvals, Number(p.required_approving_review_count ?? 0));
        o.dismissStaleReviews ||= Boolean(p.dismiss_stale_reviews_on_push);
        o.codeOwnerReview ||= Boolean(p.require_code_owner_review);
        o.lastPushApproval ||= Boolean(p.require_last_push_approval);
        o.conversationResolution ||= Boolean(p.required_review_thread_resolution);
        break;
      case 'required_status_checks': {
        const checks = (p.required_status_checks as { context: string }[] | undefined) ?? [];
        for (const c of checks) if (!o.requiredChecks.includes(c.context)) o.requiredChecks.push(c.context);
        o.strictChecks ||= Boolean(p.strict_required_status_checks_policy);
        break;
      }
    }
  }
  return o;
}

/** GET /repos/{o}/{r}/branches/{b}/protection (classic). */
export function observedFromClassic(p: Record<string, unknown>): ObservedRules {
  const enabled = (k: string) => Boolean((p[k] as { enabled?: boolean } | undefined)?.enabled);
  const reviews = p.required_pull_request_reviews as Record<string, unknown> | undefined;
  const checks = p.required_status_checks as { strict?: boolean; contexts?: string[]; checks?: { context: string }[] } | undefined;
  return {
    pullRequests: Boolean(reviews),
    approvals: Number(reviews?.required_approving_review_count ?? 0),
    dismissStaleReviews: Boolean(reviews?.dismiss_stale_reviews),
    codeOwnerReview: Boolean(reviews?.require_code_owner_reviews),
    lastPushApproval: Boolean(reviews?.require_last_push_approval),
    conversationResolution: enabled('required_conversation_resolution'),
    requiredChecks: checks ? [...new Set([...(checks.contexts ?? []), ...(checks.checks ?? []).map((c) => c.context)])] : [],
    strictChecks: Boolean(checks?.strict),
    linearHistory: enabled('required_linear_history'),
    allowForcePushes: enabled('allow_force_pushes'),
    allowDeletions: enabled('allow_deletions'),
  };
}

export interface ObservedEnvironment {
  /** null: any branch may deploy */
  branches: string[] | null;
  /** user logins and team slugs */
  reviewers: string[];
  waitTimer: number;
  preventSelfReview: boolean;
}

/** GET …/environments/{name} and its branch policies. */
export function observedEnvironment(env: Record<string, unknown>, policies: { name: string }[]): ObservedEnvironment {
  const rules = (env.protection_rules as Record<string, unknown>[] | undefined) ?? [];
  const o: ObservedEnvironment = { branches: null, reviewers: [], waitTimer: 0, preventSelfReview: false };
  for (const r of rules) {
    if (r.type === 'wait_timer') o.waitTimer = Number(r.wait_timer ?? 0);
    if (r.type === 'required_reviewers') {
      o.preventSelfReview = Boolean(r.prevent_self_review);
      for (const rev of (r.reviewers as { type: string; reviewer?: { login?: string; slug?: string } }[] | undefined) ?? []) {
        const name = rev.reviewer?.login ?? rev.reviewer?.slug;
        if (name) o.reviewers.push(name);
      }
    }
  }
  const dbp = env.deployment_branch_policy as { protected_branches?: boolean; custom_branch_policies?: boolean } | null | undefined;
  if (dbp?.custom_branch_policies) o.branches = policies.map((p) => p.name);
  else if (dbp?.protected_branches) o.branches = ['(protected branches)'];
  return o;
}

export function compareEnvironment(expected: Environment, actual: ObservedEnvironment | undefined): Difference[] {
  const subject = `environment ${expected.name}`;
  if (!actual) return [{ subject, setting: 'environment', expected: 'present', actual: 'missing' }];
  const out: Difference[] = [];
  const wanted = expected.branches.length ? expected.branches : null;
  if (wanted === null ? actual.branches !== null : actual.branches === null || !sameSet(wanted, actual.branches)) {
    out.push({ subject, setting: 'deploying branches', expected: wanted ?? 'any branch', actual: actual.branches ?? 'any branch' });
  }
  // A team reviewer reads back by its slug: compare `org/slug` by the slug.
  const names = expected.reviewers.map((r) => r.split('/').pop()!);
  if (!sameSet(names.map((n) => n.toLowerCase()), actual.reviewers.map((n) => n.toLowerCase()))) out.push({ subject, setting: 'reviewers', expected: expected.reviewers, actual: actual.reviewers });
  if (expected.waitTimer !== actual.waitTimer) out.push({ subject, setting: 'wait timer (minutes)', expected: expected.waitTimer, actual: actual.waitTimer });
  if (expected.reviewers.length && expected.preventSelfReview !== actual.preventSelfReview) out.push({ subject, setting: 'prevent self-review', expected: expected.preventSelfReview, actual: actual.preventSelfReview });
  return out;
}
