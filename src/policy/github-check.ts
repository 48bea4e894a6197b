/**
 * `flow protect --check` on GitHub: read what really applies (GET …/rules/branches/{b}, the
 * rulesets, the repository, the environments, Dependabot) and list each difference from the policy.
 */
import type { ApiRequest } from '../forge/index.js';
import { statusOf } from '../forge/errors.js';
import { compareEnvironment, compareRules, observedEnvironment, observedFromClassic, observedFromRules, UNPROTECTED, type Difference } from './drift.js';
import * as gh from './github-requests.js';
import { fail, type Runner } from './github.js';
import { rulesetName, type Policy } from './model.js';

export interface CheckResult {
  differences: Difference[];
  /** parts the token could not read: the check is incomplete */
  unreadable: string[];
}

export async function checkGitHub(r: Runner, policy: Policy): Promise<CheckResult> {
  const differences: Difference[] = [];
  const unreadable: string[] = [];
  const get = async <T>(req: ApiRequest, what: string, missing: number[] = [404]): Promise<{ data?: T; status: number } | undefined> => {
    try {
      const res = await r.forge.send(req);
      return { data: res.data as T, status: res.status };
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && missing.includes(status)) return { status };
      if (status === 403) {
        unreadable.push(what);
        return undefined;
      }
      throw fail(error, r, `read ${what}`, 'read access to the repository administration settings (an admin token)');
    }
  };

  // The repository: merge settings and security_and_analysis.
  const repo = (await get<Record<string, unknown>>(gh.reads.repo(r.remote), 'the repository', []))?.data ?? {};
  // --branch narrows the policy to branch rules: the merge settings are then not compared.
  const want = policy.mergeMethods.length ? gh.mergeSettingsBody(policy) : {};
  for (const [key, value] of Object.entries(want)) {
    if (repo[key] === undefined) {
      unreadable.push(`the repository setting ${key}`);
      continue;
    }
    if (repo[key] !== value) differences.push({ subject: 'repository', setting: key, expected: value, actual: repo[key] });
  }
  const sa = repo.security_and_analysis as Record<string, { status?: string } | undefined> | null | undefined;
  const security = gh.securityAnalysis(r.remote, policy)?.body as { security_and_analysis: Record<string, { status: string }> } | undefined;
  for (const [key, value] of Object.entries(security?.security_and_analysis ?? {})) {
    const actual = sa?.[key]?.status;
    if (actual === undefined) {
      unreadable.push(`the repository's ${key.replace(/_/g, ' ')} status (an admin token sees it)`);
      continue;
    }
    if (actual !== value.status) differences.push({ subject: 'repository', setting: key.replace(/_/g, ' '), expected: value.status, actual });
  }

  // Branch rules: what really applies, whichever ruleset (or classic protection) it comes from.
  // The list tells rulesets from classic protection (404: older Enterprise Server). A token that
  // cannot list them still reads the rules that apply to a branch.
  let list: { data?: { id: number; name: string }[]; status: number } | undefined;
  try {
    const res = await r.forge.send(gh.reads.rulesets(r.remote));
    list = { data: res.data as { id: number; name: string }[], status: res.status };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) list = { status };
    else if (status !== 403) throw fail(error, r, 'list the rulesets', 'read access to the repository');
  }
  const classic = list?.status === 404;
  for (const b of policy.branches) {
    if (classic) {
      const p = await get<Record<string, unknown>>(gh.reads.classic(r.remote, b.branch), `the protection of ${b.branch}`);
      if (!p) continue;
      differences.push(...compareRules(b, p.data ? observedFromClassic(p.data) : UNPROTECTED));
      continue;
    }
    const own = Array.isArray(list?.data) ? list.data.find((s) => s.name === rulesetName(b.branch)) : undefined;
    if (policy.enforcement !== 'active') {
      // evaluate/disabled rulesets do not apply: compare flowgate's own ruleset instead.
      if (!own) {
        differences.push({ subject: `branch ${b.branch}`, setting: `ruleset "${rulesetName(b.branch)}"`, expected: 'present', actual: 'missing' });
        continue;
      }
      const full = await get<{ enforcement?: string; rules?: { type: string; parameters?: Record<string, unknown> }[] }>(gh.reads.ruleset(r.remote, own.id), `the ruleset ${own.name}`);
      if (!full?.data) continue;
      if (full.data.enforcement !== policy.enforcement) differences.push({ subject: `branch ${b.branch}`, setting: 'ruleset enforcement', expected: policy.enforcement, actual: full.data.enforcement });
      differences.push(...compareRules(b, observedFromRules(full.data.rules ?? [])));
      continue;
    }
    const applied = await get<{ type: string; parameters?: Record<string, unknown> }[]>(gh.reads.branchRules(r.remote, b.branch), `the rules of ${b.branch}`);
    if (!applied) continue;
    differences.push(...compareRules(b, observedFromRules(Array.isArray(applied.data) ? applied.data : [])));
  }

  for (const env of policy.environments) {
    const got = await get<Record<string, unknown>>(gh.reads.environment(r.remote, env.name), `environment ${env.name}`);
    if (!got) continue;
    if (!got.data) {
      differences.push(...compareEnvironment(env, undefined));
      continue;
    }
    let policies: { name: string }[] = [];
    const dbp = got.data.deployment_branch_policy as { custom_branch_policies?: boolean } | null | undefined;
    if (dbp?.custom_branch_policies) policies = (await get<{ branch_policies?: { name: string }[] }>(gh.reads.branchPolicies(r.remote, env.name), `the branch policies of ${env.name}`))?.data?.branch_policies ?? [];
    differences.push(...compareEnvironment(env, observedEnvironment(got.data, policies)));
  }

  const { vulnerabilityAlerts, automatedSecurityFixes } = policy.security;
  if (vulnerabilityAlerts !== null) {
    const got = await get(gh.reads.vulnerabilityAlerts(r.remote), 'Dependabot alerts');
    if (got) {
      const on = got.status >= 200 && got.status < 300;
      if (on !== vulnerabilityAlerts) differences.push({ subject: 'repository', setting: 'Dependabot alerts', expected: vulnerabilityAlerts ? 'enabled' : 'disabled', actual: on ? 'enabled' : 'disabled' });
    }
  }
  if (automatedSecurityFixes !== null) {
    const got = await get<{ enabled?: boolean }>(gh.reads.automatedSecurityFixes(r.remote), 'Dependabot security updates');
    if (got) {
      const on = Boolean(got.data?.enabled);
      if (on !== automatedSecurityFixes) differences.push({ subject: 'repository', setting: 'Dependabot security updates', expected: automatedSecurityFixes ? 'enabled' : 'disabled', actual: on ? 'enabled' : 'disabled' });
    }
  }
  return { differences, unreadable };
}

