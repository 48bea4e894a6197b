/**
 * GitLab: protected branches updated in place (PATCH; a branch is never unprotected, not even for
 * a moment), merge settings, and on Premium the approval rules and the push rule (conventional
 * messages, branch names, secrets). A tier without them skips them with one sentence.
 */
import type { FlowgateConfig } from '../config/types.js';
import { longLivedNames } from '../core/branch-model.js';
import { andList } from '../core/english.js';
import type { ApiRequest, RemoteInfo } from '../forge/index.js';
import { statusOf } from '../forge/errors.js';
import { projectId } from '../forge/gitlab.js';
import { apiRequest } from '../plan/steps.js';
import type { Plan } from '../plan/step.js';
import type { Difference } from './drift.js';
import { fail, Limits, type Runner } from './github.js';
import { rulesetName, type BranchRules, type Policy } from './model.js';

const NO_ONE = 0;
const DEVELOPER = 30;
const MAINTAINER_ROLE = 'the Maintainer role and the api scope';

type Ref = Pick<RemoteInfo, 'apiUrl' | 'repoPath'>;
const project = (r: Ref) => `${r.apiUrl}/projects/${projectId(r.repoPath)}`;
const enc = encodeURIComponent;

interface AccessLevel {
  id: number;
  access_level: number | null;
  user_id?: number | null;
  group_id?: number | null;
}

interface ProtectedBranch {
  id: number;
  name: string;
  push_access_levels?: AccessLevel[];
  merge_access_levels?: AccessLevel[];
  allow_force_push?: boolean;
  code_owner_approval_required?: boolean;
}

export function createProtection(r: Ref, b: BranchRules): ApiRequest {
  return { method: 'POST', url: `${project(r)}/protected_branches`, body: { name: b.branch, push_access_level: NO_ONE, merge_access_level: DEVELOPER, allow_force_push: b.allowForcePushes } };
}

/** Keep exactly one level: entries with another level are destroyed and the wanted one added, in one PATCH. */
function levels(existing: AccessLevel[] | undefined, wanted: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let kept = false;
  for (const l of existing ?? []) {
    if (l.access_level === wanted && !l.user_id && !l.group_id && !kept) kept = true;
    else out.push({ id: l.id, _destroy: true });
  }
  if (!kept) out.unshift({ access_level: wanted });
  return out;
}

export function updateProtection(r: Ref, b: BranchRules, current?: ProtectedBranch): ApiRequest {
  return {
    method: 'PATCH',
    url: `${project(r)}/protected_branches/${enc(b.branch)}`,
    body: { allow_force_push: b.allowForcePushes, allowed_to_push: levels(current?.push_access_levels, NO_ONE), allowed_to_merge: levels(current?.merge_access_levels, DEVELOPER) },
  };
}

/** `pipeline`: the project has a .gitlab-ci.yml; without one "pipelines must succeed" would block every merge. */
export function projectSettings(r: Ref, policy: Policy, pipeline = true): ApiRequest {
  const m = policy.mergeMethods;
  const strict = pipeline && policy.branches.some((b) => b.requiredChecks.length > 0);
  return {
    method: 'PUT',
    url: project(r),
    body: {
      merge_method: m.includes('merge') ? 'merge' : m.includes('rebase') ? 'rebase_merge' : 'ff',
      squash_option: !m.includes('squash') ? 'never' : m.length === 1 ? 'always' : 'default_off',
      remove_source_branch_after_merge: policy.deleteBranchOnMerge,
      only_allow_merge_if_pipeline_succeeds: strict,
      only_allow_merge_if_all_discussions_are_resolved: policy.branches.some((b) => b.conversationResolution),
    },
  };
}

export function approvalRule(r: Ref, b: BranchRules, protectedBranchId: number | string, ruleId?: number): ApiRequest {
  const body = { name: rulesetName(b.branch), approvals_required: b.approvals, protected_branch_ids: [protectedBranchId], applies_to_all_protected_branches: false };
  return ruleId === undefined ? { method: 'POST', url: `${project(r)}/approval_rules`, body } : { method: 'PUT', url: `${project(r)}/approval_rules/${ruleId}`, body };
}

export function approvalSettings(r: Ref, policy: Policy): ApiRequest {
  return { method: 'POST', url: `${project(r)}/approvals`, body: { reset_approvals_on_push: policy.branches.some((b) => b.dismissStaleReviews), merge_requests_author_approval: false } };
}

const CONVENTIONAL = '^((build|chore|ci|docs|feat|fix|perf|refactor|revert|style|test)(\\([^)]+\\))?!?: .+|Merge .+|Revert .+|(fixup|squash|amend)! .+)';

/** The hooks' rules, server side: conventional messages, branch names from the model, no secrets. */
export function pushRuleBody(config: FlowgateConfig, policy: Policy) {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = [...new Set([...longLivedNames(config), ...policy.branches.map((b) => b.branch)])].map(escape);
  const types = config.branchTypes.map(escape);
  return {
    commit_message_regex: CONVENTIONAL,
    branch_name_regex: `^(${[...names, `(${types.join('|')})/.+`, 'dependabot/.+', 'renovate/.+'].join('|')})$`,
    prevent_secrets: policy.security.pushProtection !== false,
    deny_delete_tag: false,
  };
}

export function pushRule(r: Ref, config: FlowgateConfig, policy: Policy, exists: boolean): ApiRequest {
  return { method: exists ? 'PUT' : 'POST', url: `${project(r)}/push_rule`, body: pushRuleBody(config, policy) };
}

/** A 403/404 on a Premium endpoint after the Maintainer-only steps succeeded: the tier lacks it. */
function tierLimited(error: unknown): boolean {
  const s = statusOf(error);
  return s === 403 || s === 404;
}

function premiumSentence(repo: string, status: unknown) {
  return (items: string[]) => `GitLab Free does not offer ${andList(items)} on ${repo} (${status}; GitLab Premium does): skipped them.`;
}

/**
 * With a runner, reads what exists (protected branches, approval rules, push rule) while it plans;
 * without one (dry run) shows the create form of each request.
 */
export async function gitlabPlan(remote: RemoteInfo, policy: Policy, runner: Runner | undefined, limits: Limits, opts: { narrowed?: boolean; config: FlowgateConfig; pipeline?: boolean }): Promise<Plan> {
  const { config } = opts;
  const repo = remote.repoPath;
  const get = async <T>(req: ApiRequest, action: string, tolerate: (s: number | undefined) => boolean): Promise<T | undefined> => {
    if (!runner) return undefined;
    try {
      return (await runner.forge.send(req)).data as T;
    } catch (error) {
      if (tolerate(statusOf(error))) return undefined;
      throw fail(error, runner, action, MAINTAINER_ROLE);
    }
  };
  const send = (req: ApiRequest, action: string, onLimit?: (e: unknown) => unknown) => async () => {
    try {
      return await runner!.forge.send(req);
    } catch (error) {
      if (onLimit && tierLimited(error)) return onLimit(error);
      throw fail(error, runner!, action, MAINTAINER_ROLE);
    }
  };
  const plan: Plan = [];
  const ids = new Map<string, number>();
  for (const b of policy.branches) {
    const current = await get<ProtectedBranch>({ method: 'GET', url: `${project(remote)}/protected_branches/${enc(b.branch)}` }, `read the protection of ${b.branch}`, (s) => s === 404);
    if (current) ids.set(b.branch, current.id);
    const req = current ? updateProtection(remote, b, current) : createProtection(remote, b);
    plan.push(
      apiRequest(req, async () => {
        const res = await send(req, `protect branch ${b.branch}`)();
        const id = (res as { data?: { id?: number } } | undefined)?.data?.id;
        if (typeof id === 'number') ids.set(b.branch, id);
        return res;
      }, { summary: `${current ? 'update' : 'protect'} ${b.branch} (nobody pushes, developers merge${b.allowForcePushes ? '' : ', no force push'})` }),
    );
  }
  if (!opts.narrowed) {
    const settings = projectSettings(remote, policy, opts.pipeline);
    plan.push(apiRequest(settings, send(settings, 'set the merge settings'), { summary: 'set the merge method and merge checks' }));
  }

  // Premium: approval rules per branch, approval settings, the push rule.
  const rules = await get<{ id: number; name: string }[]>({ method: 'GET', url: `${project(remote)}/approval_rules` }, 'read the approval rules', (s) => s === 403 || s === 404);
  const approvalsOff = Boolean(runner) && rules === undefined;
  const skipApprovals = (e: unknown) => limits.add('premium', 'approval rules', premiumSentence(repo, statusOf(e)));
  if (approvalsOff) limits.add('premium', 'approval rules', premiumSentence(repo, 403));
  else {
    for (const b of policy.branches) {
      const existing = rules?.find((r) => r.name === rulesetName(b.branch));
      const shown = approvalRule(remote, b, ids.get(b.branch) ?? `<id of protected branch ${b.branch}>`, existing?.id);
      plan.push(
        apiRequest(shown, async () => {
          if (limits.items('premium').includes('approval rules')) return undefined;
          const real = approvalRule(remote, b, ids.get(b.branch) ?? 0, existing?.id);
          return send(real, `set the approval rule for ${b.branch}`, skipApprovals)();
        }, { summary: `require ${b.approvals} approval${b.approvals === 1 ? '' : 's'} for ${b.branch}` }),
      );
    }
    if (!opts.narrowed) {
      const req = approvalSettings(remote, policy);
      plan.push(apiRequest(req, async () => (limits.items('premium').includes('approval rules') ? undefined : send(req, 'set the approval settings', skipApprovals)()), { summary: 'reset approvals on push' }));
    }
  }
  if (!opts.narrowed) {
    const current = runner ? await get<object | null>({ method: 'GET', url: `${project(remote)}/push_rule` }, 'read the push rule', (s) => s === 403 || s === 404).catch(() => undefined) : undefined;
    const req = pushRule(remote, config, policy, Boolean(current));
    plan.push(apiRequest(req, send(req, 'set the push rule', (e) => limits.add('premium', 'push rules', premiumSentence(repo, statusOf(e)))), { summary: 'set the push rule (conventional messages, branch names, no secrets)' }));
  }
  return plan;
}

export async function checkGitLab(runner: Runner, policy: Policy, pipeline = true): Promise<{ differences: Difference[]; unreadable: string[] }> {
  const differences: Difference[] = [];
  const unreadable: string[] = [];
  const remote = runner.remote;
  const get = async <T>(url: string, what: string): Promise<T | undefined | null> => {
    try {
      return (await runner.forge.send({ method: 'GET', url })).data as T;
    } catch (error) {
      const s = statusOf(error);
      if (s === 404) return null;
      if (s === 403) {
        unreadable.push(what);
        return undefined;
      }
      throw fail(error, runner, `read ${what}`, MAINTAINER_ROLE);
    }
  };
  for (const b of policy.branches) {
    const subject = `branch ${b.branch}`;
    const p = await get<ProtectedBranch>(`${project(remote)}/protected_branches/${enc(b.branch)}`, `the protection of ${b.branch}`);
    if (p === undefined) continue;
    if (p === null) {
      differences.push({ subject, setting: 'protected', expected: true, actual: false });
      continue;
    }
    const only = (ls: AccessLevel[] | undefined) => (ls ?? []).map((l) => l.access_level ?? -1);
    const push = only(p.push_access_levels);
    const merge = only(p.merge_access_levels);
    if (push.length !== 1 || push[0] !== NO_ONE) differences.push({ subject, setting: 'allowed to push (access levels)', expected: [NO_ONE], actual: push });
    if (merge.length !== 1 || merge[0] !== DEVELOPER) differences.push({ subject, setting: 'allowed to merge (access levels)', expected: [DEVELOPER], actual: merge });
    if (Boolean(p.allow_force_push) !== b.allowForcePushes) differences.push({ subject, setting: 'force pushes allowed', expected: b.allowForcePushes, actual: Boolean(p.allow_force_push) });
  }
  const proj = policy.mergeMethods.length ? await get<Record<string, unknown>>(project(remote), 'the project settings') : undefined;
  if (proj) {
    const want = projectSettings(remote, policy, pipeline).body as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) if (proj[k] !== undefined && proj[k] !== v) differences.push({ subject: 'project', setting: k, expected: v, actual: proj[k] });
  }
  return { differences, unreadable };
}

