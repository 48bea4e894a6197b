/**
 * GitHub: read the repository's state, plan the requests that bring it to the policy, and run
 * each through the plan executor. A plan limit skips that part with one sentence; anything else
 * stops the run (exit 2).
 */
import { andList } from '../core/english.js';
import { FlowError } from '../errors.js';
import type { ApiRequest, ForgeClient, RemoteInfo } from '../forge/index.js';
import { forgeName, messageOf, statusOf, toFlowError } from '../forge/errors.js';
import { apiRequest } from '../plan/steps.js';
import type { Plan } from '../plan/step.js';
import { sanitize } from '../ui/output.js';
import * as gh from './github-requests.js';
import { isPlanLimit, type Skipped } from './limits.js';
import { rulesetName, type BranchRules, type Policy } from './model.js';

const ADMIN = 'admin rights on the repository (fine-grained token: "Administration: write")';

export interface GitHubState {
  /** flowgate's rulesets by name; 'unavailable' where the API has none (older Enterprise Server) */
  rulesets: Map<string, number> | 'unavailable';
  reviewers: Map<string, gh.ReviewerId>;
  /** existing environments and their custom branch policies */
  environments: Map<string, { id: number; name: string }[]>;
}

export interface Runner {
  remote: RemoteInfo;
  forge: ForgeClient;
  tokenSource?: string;
}

export function fail(error: unknown, r: Pick<Runner, 'remote' | 'tokenSource'>, action: string, permission = ADMIN): Error {
  if (statusOf(error) === 404 && /branch not found/i.test(messageOf(error))) {
    const branch = /branches\/([^/]+)\//.exec(String((error as { request?: { url?: string } }).request?.url ?? ''))?.[1];
    return new FlowError(`A protected branch${branch ? ` (${decodeURIComponent(branch)})` : ''} does not exist in ${r.remote.repoPath} on ${forgeName(r.remote)} (404); push it first, then run flowgate protect again.`);
  }
  return toFlowError(error, { remote: r.remote, action, tokenSource: r.tokenSource, permission });
}

async function read<T>(r: Runner, req: ApiRequest, action: string, opts: { missing?: number[] } = {}): Promise<T | undefined> {
  try {
    return (await r.forge.send(req)).data as T;
  } catch (error) {
    if (opts.missing?.includes(statusOf(error) ?? 0)) return undefined;
    throw fail(error, r, action, 'read access to the repository administration settings (an admin token)');
  }
}

/** What `flow protect` needs to know before it plans: existing rulesets, environments and reviewer ids. */
export async function readGitHubState(r: Runner, policy: Policy): Promise<GitHubState> {
  let rulesets: GitHubState['rulesets'] = new Map();
  try {
    const { data } = await r.forge.send(gh.reads.rulesets(r.remote));
    for (const s of (Array.isArray(data) ? data : []) as { id: number; name: string }[]) rulesets.set(s.name, s.id);
  } catch (error) {
    if (statusOf(error) === 404 || isPlanLimit(error)) rulesets = 'unavailable';
    else throw fail(error, r, 'list the repository rulesets');
  }
  const reviewers = new Map<string, gh.ReviewerId>();
  for (const name of new Set(policy.environments.flatMap((e) => e.reviewers))) {
    const found = await read<{ id: number }>(r, gh.reviewerLookup(r.remote.apiUrl, name), `look up the reviewer ${name}`, { missing: [404] });
    if (!found) throw new FlowError(`The environment reviewer ${sanitize(name)} is not a ${gh.reviewerKind(name).type === 'User' ? 'GitHub user' : 'team'} flowgate can find (404); fix policy.environments.*.reviewers in the flowgate config.`);
    reviewers.set(name, { type: gh.reviewerKind(name).type, id: found.id });
  }
  const environments = new Map<string, { id: number; name: string }[]>();
  for (const env of policy.environments) {
    const got = await read<{ deployment_branch_policy?: { custom_branch_policies?: boolean } | null }>(r, gh.reads.environment(r.remote, env.name), `read environment ${env.name}`, { missing: [404] });
    if (!got) continue;
    let policies: { id: number; name: string }[] = [];
    if (got.deployment_branch_policy?.custom_branch_policies) {
      const list = await read<{ branch_policies?: { id: number; name: string }[] }>(r, gh.reads.branchPolicies(r.remote, env.name), `read the branch policies of environment ${env.name}`, { missing: [404] });
      policies = list?.branch_policies ?? [];
    }
    environments.set(env.name, policies);
  }
  return { rulesets, reviewers, environments };
}

/** Collected plan-limit notes: one sentence per kind, however many branches or environments. */
export class Limits {
  private groups = new Map<string, { items: string[]; sentence: (items: string[]) => string }>();
  add(group: string, item: string, sentence: (items: string[]) => string): void {
    const g = this.groups.get(group) ?? { items: [], sentence };
    if (!g.items.includes(item)) g.items.push(item);
    this.groups.set(group, g);
  }
  has(group: string): boolean {
    return this.groups.has(group);
  }
  items(group: string): string[] {
    return this.groups.get(group)?.items ?? [];
  }
  get skipped(): Skipped[] {
    return [...this.groups.entries()].map(([what, g]) => ({ what, sentence: g.sentence(g.items) }));
  }
}

function said(error: unknown): string {
  return `${statusOf(error) ?? '?'}`;
}

/**
 * The requests, as plan steps. With no state (a dry run) every ruleset is created and every
 * environment gets all its branch policies; with state, existing rulesets are updated in place
 * (PUT by id) and only missing branch policies are added, extra ones removed.
 */
export function githubPlan(remote: RemoteInfo, policy: Policy, state: GitHubState | undefined, runner: Runner | undefined, limits: Limits, opts: { repository?: boolean } = {}): Plan {
  const repo = remote.repoPath;
  const send = (req: ApiRequest, action: string, onLimit?: (error: unknown) => Promise<unknown> | unknown) => async () => {
    if (!runner) throw new Error('a dry run sends nothing');
    try {
      return await runner.forge.send(req);
    } catch (error) {
      if (onLimit && isPlanLimit(error)) return onLimit(error);
      throw fail(error, runner, action);
    }
  };
  const plan: Plan = [];
  const classic = state?.rulesets === 'unavailable';

  const branchRulesSkipped = (error: unknown, b: BranchRules) => {
    limits.add('branch rules', b.branch, (items) =>
      `GitHub Free does not offer rulesets or branch protection on the private repository ${repo} (${said(error)}): skipped the rules for ${andList(items)}; make the repository public or move it to GitHub Pro, Team or Enterprise, then run flowgate protect again.`,
    );
  };
  for (const b of policy.branches) {
    if (classic) {
      const req = gh.classicProtection(remote, b);
      plan.push(apiRequest(req, send(req, `protect branch ${b.branch}`, (e) => branchRulesSkipped(e, b)), { summary: `protect ${b.branch} (classic branch protection)` }));
      continue;
    }
    const id = state?.rulesets instanceof Map ? state.rulesets.get(rulesetName(b.branch)) : undefined;
    const req = id === undefined ? gh.createRuleset(remote, b, policy.enforcement) : gh.updateRuleset(remote, id, b, policy.enforcement);
    const fallback = async (error: unknown) => {
      if (limits.has('branch rules')) return branchRulesSkipped(error, b);
      // Rulesets refused by the plan: classic protection is the fallback, where the plan has it.
      const classicReq = gh.classicProtection(remote, b);
      try {
        const done = await runner!.forge.send(classicReq);
        limits.add('classic', b.branch, (items) => `Rulesets are not available on the plan of ${repo} (${said(error)}): applied classic branch protection to ${andList(items)} instead.`);
        return done;
      } catch (again) {
        if (isPlanLimit(again)) return branchRulesSkipped(again, b);
        throw fail(again, runner!, `protect branch ${b.branch}`);
      }
    };
    plan.push(apiRequest(req, send(req, `${id === undefined ? 'create' : 'update'} the ruleset ${rulesetName(b.branch)}`, fallback), { summary: `${id === undefined ? 'create' : 'update'} ruleset "${rulesetName(b.branch)}" for ${b.branch}` }));
  }

  if (opts.repository !== false) {
    const merge = gh.mergeSettings(remote, policy);
    plan.push(apiRequest(merge, send(merge, 'set the merge methods'), { summary: `allow merge methods ${policy.mergeMethods.join(', ')}; delete_branch_on_merge ${policy.deleteBranchOnMerge}` }));
  }

  for (const env of policy.environments) {
    const ids = env.reviewers.map((n) => state?.reviewers.get(n) ?? { type: gh.reviewerKind(n).type, id: `<id of ${n}>` });
    const req = gh.putEnvironment(remote, env, ids);
    const hasGates = env.reviewers.length > 0 || env.waitTimer > 0 || env.preventSelfReview;
    const envSkipped = (error: unknown) =>
      limits.add('environments', env.name, (items) =>
        `The plan of the private repository ${repo} does not offer deployment environments (${said(error)}): skipped ${andList(items)}; make the repository public or move it to GitHub Pro, Team or Enterprise.`,
      );
    const onLimit = async (error: unknown) => {
      if (!hasGates) return envSkipped(error);
      // Required reviewers and wait timers need GitHub Enterprise on private repositories: keep the branch policy.
      try {
        const done = await runner!.forge.send(gh.putEnvironment(remote, env, [], false));
        limits.add('environment gates', env.name, (items) =>
          `The plan of the private repository ${repo} does not offer required reviewers or wait timers on environments (${said(error)}; GitHub Enterprise does): set up ${andList(items)} with the branch policy only.`,
        );
        return done;
      } catch (again) {
        if (isPlanLimit(again)) return envSkipped(again);
        throw fail(again, runner!, `set up environment ${env.name}`);
      }
    };
    plan.push(apiRequest(req, send(req, `set up environment ${env.name}`, onLimit), { summary: `set up environment ${env.name} (deploys from ${env.branches.join(', ') || 'any branch'}${env.reviewers.length ? `; reviewers ${env.reviewers.join(', ')}` : ''}${env.waitTimer ? `; wait ${env.waitTimer} min` : ''})` }));
    const existing = state?.environments.get(env.name) ?? [];
    const skipIfEnvSkipped = (req: ApiRequest, action: string) => async () => (limits.items('environments').includes(env.name) ? undefined : send(req, action)());
    for (const branch of env.branches) {
      if (existing.some((p) => p.name === branch)) continue;
      const add = gh.addBranchPolicy(remote, env.name, branch);
      plan.push(apiRequest(add, skipIfEnvSkipped(add, `let ${branch} deploy to ${env.name}`), { summary: `let ${branch} deploy to ${env.name}` }));
    }
    for (const p of existing) {
      if (env.branches.includes(p.name)) continue;
      const del = gh.deleteBranchPolicy(remote, env.name, p.id);
      plan.push(apiRequest(del, skipIfEnvSkipped(del, `stop ${p.name} deploying to ${env.name}`), { summary: `stop ${p.name} deploying to ${env.name}` }));
    }
  }

  const { vulnerabilityAlerts, automatedSecurityFixes } = policy.security;
  if (vulnerabilityAlerts !== null) {
    const req = gh.vulnerabilityAlerts(remote, vulnerabilityAlerts);
    plan.push(apiRequest(req, send(req, 'set Dependabot alerts', (e) => limits.add('vulnerability alerts', 'x', () => `The plan of ${repo} does not offer Dependabot alerts (${said(e)}): skipped them.`)), { summary: `${vulnerabilityAlerts ? 'enable' : 'disable'} Dependabot alerts` }));
  }
  if (automatedSecurityFixes !== null) {
    const req = gh.automatedSecurityFixes(remote, automatedSecurityFixes);
    plan.push(apiRequest(req, send(req, 'set Dependabot security updates', (e) => limits.add('security updates', 'x', () => `The plan of ${repo} does not offer Dependabot security updates (${said(e)}): skipped them.`)), { summary: `${automatedSecurityFixes ? 'enable' : 'disable'} Dependabot security updates` }));
  }
  const security = gh.securityAnalysis(remote, policy);
  if (security) {
    const onLimit = (e: unknown) =>
      limits.add('secret scanning', 'x', () =>
        `Secret scanning and push protection on the private repository ${repo} need GitHub Secret Protection (${said(e)}): skipped them; turn it on for the repository (or make it public), or set policy.security.secretScanning and pushProtection to null.`,
      );
    plan.push(apiRequest(security, send(security, 'set secret scanning and push protection', onLimit), { summary: 'set secret scanning and push protection' }));
  }
  return plan;
}
