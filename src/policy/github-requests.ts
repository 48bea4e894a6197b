/**
 * The GitHub requests of the policy, as data: every method, URL and body `flow protect` can send
 * (and --dry-run prints). Pure. test/unit/policy-openapi.test.ts checks each against GitHub's
 * OpenAPI description, so a misspelt field fails CI rather than a user's run.
 */
import type { ApiRequest } from '../forge/types.js';
import type { BranchRules, Environment, Policy } from './model.js';
import { rulesetName } from './model.js';

export interface GitHubRepoRef {
  apiUrl: string;
  /** owner/repo */
  repoPath: string;
}

const enc = encodeURIComponent;

export function repoUrl(remote: GitHubRepoRef): string {
  const [owner = '', repo = ''] = remote.repoPath.split('/');
  return `${remote.apiUrl}/repos/${enc(owner)}/${enc(repo)}`;
}

/** The rules of a branch as ruleset rules (POST/PUT …/rulesets). */
export function rulesetRules(r: BranchRules): { type: string; parameters?: Record<string, unknown> }[] {
  const rules: { type: string; parameters?: Record<string, unknown> }[] = [];
  if (!r.allowDeletions) rules.push({ type: 'deletion' });
  if (!r.allowForcePushes) rules.push({ type: 'non_fast_forward' });
  if (r.linearHistory) rules.push({ type: 'required_linear_history' });
  rules.push({
    type: 'pull_request',
    parameters: {
      required_approving_review_count: r.approvals,
      dismiss_stale_reviews_on_push: r.dismissStaleReviews,
      require_code_owner_review: r.codeOwnerReview,
      require_last_push_approval: r.lastPushApproval,
      required_review_thread_resolution: r.conversationResolution,
    },
  });
  if (r.requiredChecks.length) {
    rules.push({
      type: 'required_status_checks',
      parameters: {
        strict_required_status_checks_policy: r.strictChecks,
        required_status_checks: r.requiredChecks.map((context) => ({ context })),
      },
    });
  }
  return rules;
}

/** One ruleset per protected branch, named `flowgate: <branch>`; no bypass actors (administrators included). */
export function rulesetBody(r: BranchRules, enforcement: Policy['enforcement']) {
  return {
    name: rulesetName(r.branch),
    target: 'branch',
    enforcement,
    bypass_actors: [],
    conditions: { ref_name: { include: [`refs/heads/${r.branch}`], exclude: [] } },
    rules: rulesetRules(r),
  };
}

export function createRuleset(remote: GitHubRepoRef, r: BranchRules, enforcement: Policy['enforcement']): ApiRequest {
  return { method: 'POST', url: `${repoUrl(remote)}/rulesets`, body: rulesetBody(r, enforcement) };
}

export function updateRuleset(remote: GitHubRepoRef, id: number, r: BranchRules, enforcement: Policy['enforcement']): ApiRequest {
  return { method: 'PUT', url: `${repoUrl(remote)}/rulesets/${id}`, body: rulesetBody(r, enforcement) };
}

/** Classic branch protection, where rulesets are not available (older GitHub Enterprise Server). */
export function classicProtectionBody(r: BranchRules) {
  return {
    required_status_checks: r.requiredChecks.length ? { strict: r.strictChecks, contexts: [...r.requiredChecks] } : null,
    enforce_admins: true,
    required_pull_request_reviews: {
      dismiss_stale_reviews: r.dismissStaleReviews,
      require_code_owner_reviews: r.codeOwnerReview,
      required_approving_review_count: r.approvals,
      require_last_push_approval: r.lastPushApproval,
    },
    restrictions: null,
    required_linear_history: r.linearHistory,
    allow_force_pushes: r.allowForcePushes,
    allow_deletions: r.allowDeletions,
    required_conversation_resolution: r.conversationResolution,
  };
}

export function classicProtection(remote: GitHubRepoRef, r: BranchRules): ApiRequest {
  return { method: 'PUT', url: `${repoUrl(remote)}/branches/${enc(r.branch)}/protection`, body: classicProtectionBody(r) };
}

export function mergeSettingsBody(p: Pick<Policy, 'mergeMethods' | 'deleteBranchOnMerge'>) {
  return {
    allow_merge_commit: p.mergeMethods.includes('merge'),
    allow_squash_merge: p.mergeMethods.includes('squash'),
    allow_rebase_merge: p.mergeMethods.includes('rebase'),
    delete_branch_on_merge: p.deleteBranchOnMerge,
  };
}

export function mergeSettings(remote: GitHubRepoRef, p: Policy): ApiRequest {
  return { method: 'PATCH', url: repoUrl(remote), body: mergeSettingsBody(p) };
}

const status = (on: boolean) => ({ status: on ? 'enabled' : 'disabled' });

/** secret scanning and push protection (PATCH /repos/{o}/{r} security_and_analysis); undefined when both are left alone. */
export function securityAnalysis(remote: GitHubRepoRef, p: Policy): ApiRequest | undefined {
  const { secretScanning, pushProtection } = p.security;
  const body: Record<string, { status: string }> = {};
  if (secretScanning !== null) body.secret_scanning = status(secretScanning);
  // Push protection needs secret scanning; turning scanning off turns it off too.
  if (pushProtection !== null) body.secret_scanning_push_protection = status(pushProtection && secretScanning !== false);
  if (!Object.keys(body).length) return undefined;
  return { method: 'PATCH', url: repoUrl(remote), body: { security_and_analysis: body } };
}

export function vulnerabilityAlerts(remote: GitHubRepoRef, on: boolean): ApiRequest {
  return { method: on ? 'PUT' : 'DELETE', url: `${repoUrl(remote)}/vulnerability-alerts` };
}

export function automatedSecurityFixes(remote: GitHubRepoRef, on: boolean): ApiRequest {
  return { method: on ? 'PUT' : 'DELETE', url: `${repoUrl(remote)}/automated-security-fixes` };
}

export interface ReviewerId {
  type: 'User' | 'Team';
  /** the numeric id; a placeholder string in a dry run that could not look it up */
  id: number | string;
}

/** `octocat` is a user, `acme/release` a team of the acme organisation. */
export function reviewerKind(name: string): { type: 'User'; login: string } | { type: 'Team'; org: string; slug: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { type: 'User', login: name } : { type: 'Team', org: name.slice(0, slash), slug: name.slice(slash + 1) };
}

/** GET /users/{login} or GET /orgs/{org}/teams/{slug}: the id a reviewer needs. */
export function reviewerLookup(apiUrl: string, name: string): ApiRequest {
  const k = reviewerKind(name);
  return { method: 'GET', url: k.type === 'User' ? `${apiUrl}/users/${enc(k.login)}` : `${apiUrl}/orgs/${enc(k.org)}/teams/${enc(k.slug)}` };
}

/**
 * PUT …/environments/{name}. Reviewers and the wait timer are left out with `gates: false` (what a
 * plan without them still allows).
 */
export function environmentBody(env: Environment, reviewers: ReviewerId[], gates = true) {
  return {
    ...(gates ? { wait_timer: env.waitTimer, prevent_self_review: env.preventSelfReview, reviewers: reviewers.map((r) => ({ type: r.type, id: r.id })) } : {}),
    deployment_branch_policy: env.branches.length ? { protected_branches: false, custom_branch_policies: true } : null,
  };
}

export function environmentUrl(remote: GitHubRepoRef, name: string): string {
  return `${repoUrl(remote)}/environments/${enc(name)}`;
}

export function putEnvironment(remote: GitHubRepoRef, env: Environment, reviewers: ReviewerId[], gates = true): ApiRequest {
  return { method: 'PUT', url: environmentUrl(remote, env.name), body: environmentBody(env, reviewers, gates) };
}

export function addBranchPolicy(remote: GitHubRepoRef, env: string, branch: string): ApiRequest {
  return { method: 'POST', url: `${environmentUrl(remote, env)}/deployment-branch-policies`, body: { name: branch, type: 'branch' } };
}

export function deleteBranchPolicy(remote: GitHubRepoRef, env: string, id: number): ApiRequest {
  return { method: 'DELETE', url: `${environmentUrl(remote, env)}/deployment-branch-policies/${id}` };
}

/** The reads of `flow protect` and `--check`. */
export const reads = {
  repo: (remote: GitHubRepoRef): ApiRequest => ({ method: 'GET', url: repoUrl(remote) }),
  rulesets: (remote: GitHubRepoRef): ApiRequest => ({ method: 'GET', url: `${repoUrl(remote)}/rulesets?includes_parents=false&per_page=100` }),
  ruleset: (remote: GitHubRepoRef, id: number): ApiRequest => ({ method: 'GET', url: `${repoUrl(remote)}/rulesets/${id}` }),
  branchRules: (remote: GitHubRepoRef, branch: string): ApiRequest => ({ method: 'GET', url: `${repoUrl(remote)}/rules/branches/${enc(branch)}?per_page=100` }),
  classic: (remote: GitHubRepoRef, branch: string): ApiRequest => ({ method: 'GET', url: `${repoUrl(remote)}/branches/${enc(branch)}/protection` }),
  environment: (remote: GitHubRepoRef, name: string): ApiRequest => ({ method: 'GET', url: environmentUrl(remote, name) }),
  branchPolicies: (remote: GitHubRepoRef, name: string): ApiRequest => ({ method: 'GET', url: `${environmentUrl(remote, name)}/deployment-branch-policies?per_page=100` }),
  vulnerabilityAlerts: (remote: GitHubRepoRef): ApiRequest => ({ method: 'GET', url: `${repoUrl(remote)}/vulnerability-alerts` }),
  automatedSecurityFixes: (remote: GitHubRepoRef): ApiRequest => ({ method: 'GET', url: `${repoUrl(remote)}/automated-security-fixes` }),
};
