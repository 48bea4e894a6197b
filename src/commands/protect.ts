/**
 * `flow protect [--branch NAME…] [--dry-run | --check] [--json]`: apply the whole server-side
 * policy from the flowgate config (branch rules, merge methods, environments, security features),
 * or compare the forge with it. Read state → plan → execute (src/plan).
 *
 * Exit codes: 0 applied (parts the plan lacks are skipped with a warning) or no drift; 1 drift
 * (--check); 2 anything else (no token, a refused request, a part --check could not read).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { protectedBranches } from '../core/branch-model.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_RULE, FlowError, UsageError } from '../errors.js';
import { Repo } from '../git/repo.js';
import { createForge, findTokenSource, forgeCoordinates, resolveRemote, type ForgeClient, type RemoteInfo } from '../forge/index.js';
import { forgeName, tokenAdvice } from '../forge/errors.js';
import { formatRequest } from '../forge/protection.js';
import type { TokenSource } from '../forge/token.js';
import type { Plan } from '../plan/step.js';
import { runPlan } from '../plan/run-plan.js';
import { describeDifference, type Difference } from '../policy/drift.js';
import { Limits, type Runner } from '../policy/github.js';
import { resolvePolicy, type Policy } from '../policy/model.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';
import { cwdOption } from './options.js';

export interface ProtectOptions {
  /** --branch, split at commas; [] for every protected branch that is not a pattern */
  branches: string[];
  check: boolean;
  dryRun: boolean;
  json: boolean;
  cwd: string;
}

/** What protect needs from outside: injectable for tests. */
export interface ProtectDeps {
  findToken(remote: RemoteInfo, cwd: string): Promise<TokenSource | undefined>;
  createForge(remote: RemoteInfo, token: TokenSource): Promise<ForgeClient>;
}

export function readOptions(raw: Record<string, unknown>): ProtectOptions {
  const given = Array.isArray(raw.branch) ? raw.branch : typeof raw.branch === 'string' ? [raw.branch] : [];
  return {
    branches: given.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean),
    check: Boolean(raw.check),
    dryRun: Boolean(raw.dryRun),
    json: Boolean(raw.json),
    cwd: cwdOption(raw),
  };
}

const defaultDeps: ProtectDeps = {
  findToken: (remote, cwd) => findTokenSource(remote, { cwd }),
  createForge: (remote, token) => createForge(remote, token.token, token.source),
};

async function branchesFrom(repo: Repo, given: string[], fallback: string[]): Promise<{ branches: string[]; narrowed: boolean }> {
  const branches = given.length ? given : fallback;
  for (const b of branches) {
    if (/[*?[\]{}]/.test(b)) throw new UsageError(`'${sanitize(b)}' is a pattern, and branch protection is applied one branch at a time; name the branches with --branch.`);
    if ((await repo.maybe(['check-ref-format', '--branch', b])) === undefined) throw new UsageError(`'${sanitize(b)}' is not a valid branch name; check the --branch value.`);
  }
  return { branches: [...new Set(branches)], narrowed: given.length > 0 };
}

/** GitLab's "pipelines must succeed" only where the project has CI (flowgate generates GitHub workflows only). */
function hasGitLabPipeline(repo: Repo): boolean {
  return existsSync(join(repo.root, '.gitlab-ci.yml'));
}

/** --branch narrows the run to those branches' rules: the repository-wide parts stay as they are. */
function narrow(policy: Policy): Policy {
  return { ...policy, environments: [], security: { vulnerabilityAlerts: null, automatedSecurityFixes: null, secretScanning: null, pushProtection: null }, mergeMethods: [] };
}

async function buildPlan(repo: Repo, remote: RemoteInfo, config: FlowgateConfig, policy: Policy, runner: Runner | undefined, limits: Limits, narrowed: boolean): Promise<Plan> {
  if (remote.provider === 'gitlab') {
    const { gitlabPlan } = await import('../policy/gitlab.js');
    return gitlabPlan(remote, policy, runner, limits, { narrowed, config, pipeline: hasGitLabPipeline(repo) });
  }
  const { githubPlan, readGitHubState } = await import('../policy/github.js');
  const state = runner ? await readGitHubState(runner, policy) : undefined;
  return githubPlan(remote, policy, state, runner, limits, { repository: !narrowed });
}

export async function protect(o: ProtectOptions, deps: ProtectDeps = defaultDeps): Promise<number> {
  const repo = await Repo.open(o.cwd);
  if (o.check && o.dryRun) throw new UsageError('--check only reads, so --dry-run adds nothing; use one of them.');
  const { config } = await loadConfig(o.cwd);
  const { branches, narrowed } = await branchesFrom(repo, o.branches, protectedBranches(config));
  if (branches.length === 0) {
    throw new UsageError('No protected branch is a plain name (they are all patterns); name the branches to protect with --branch NAME.');
  }
  let remote = resolveRemote(repo.root, config);
  if (!remote && o.dryRun) {
    // A preview still shows the requests, with placeholders for the repository flowgate cannot tell.
    remote = forgeCoordinates(undefined, { ...config.forge, host: undefined, repo: 'OWNER/REPO' }, process.env.FLOWGATE_API_URL);
    warn('origin is not a GitHub or GitLab repository flowgate recognises, so the requests show OWNER/REPO; set forge.repo (and forge.provider) in the flowgate config.');
  }
  if (!remote) {
    throw new FlowError('flowgate cannot tell which GitHub or GitLab repository origin is; set forge.provider and forge.repo in the flowgate config, then run flowgate protect again.');
  }
  const full = resolvePolicy(config, branches);
  const policy = narrowed ? narrow(full) : full;
  const limits = new Limits();

  if (o.dryRun) {
    const plan = await buildPlan(repo, remote, config, policy, undefined, limits, narrowed);
    const request = (s: Plan[number]) => s.detail as { method: string; url: string; body: unknown };
    info(`Dry run: the ${plan.length} request${plan.length === 1 ? '' : 's'} flowgate protect would send to ${forgeName(remote)} for ${remote.repoPath} (nothing is sent; ${remote.provider === 'gitlab' ? 'a branch protected already is updated in place with PATCH …/protected_branches/{branch}' : 'an existing flowgate ruleset is updated with PUT …/rulesets/{id}'} instead):`);
    const { provider, repoPath } = remote;
    await runPlan(plan, {
      cwd: repo.root,
      dryRun: true,
      json: o.json,
      document: (steps) => ({ dryRun: true, provider, repo: repoPath, requests: steps.map((s) => ({ summary: s.summary, ...request(s) })) }),
      // METHOD URL, then the JSON body; a blank line between requests
      line: (s, i) => `${i ? '\n' : ''}${formatRequest({ method: request(s).method as 'GET', url: request(s).url, body: request(s).body ?? undefined })}`,
    });
    return EXIT_OK;
  }

  const token = await deps.findToken(remote, repo.root);
  if (!token) {
    throw new FlowError(
      `flowgate protect needs a token for ${forgeName(remote)} with admin rights on ${remote.repoPath}; ${tokenAdvice(remote)}${o.check ? '' : ', or preview the requests with --dry-run'}.`,
    );
  }
  const forge = await deps.createForge(remote, token);
  const runner = { remote, forge, tokenSource: token.source };

  if (o.check) {
    const { differences, unreadable } =
      remote.provider === 'gitlab' ? await (await import('../policy/gitlab.js')).checkGitLab(runner, policy, hasGitLabPipeline(repo)) : await (await import('../policy/github-check.js')).checkGitHub(runner, policy);
    return report(remote, differences, unreadable, o.json);
  }

  const plan = await buildPlan(repo, remote, config, policy, runner, limits, narrowed);
  const execution = await runPlan(plan, { cwd: repo.root });
  const skipped = limits.skipped;
  for (const s of skipped) warn(s.sentence);
  // A skipped part's step ends normally but sent nothing that took effect: count the answers.
  const applied = execution.results.filter((r) => r && typeof r === 'object' && 'status' in r).length;
  if (applied === 0) warn(`Nothing was applied to ${remote.repoPath} on ${forgeName(remote)}: its plan lacks every part asked for (see above).`);
  else success(`Applied the policy to ${remote.repoPath} on ${forgeName(remote)} (${applied} request${applied === 1 ? '' : 's'}${skipped.length ? `; ${skipped.length} part${skipped.length === 1 ? '' : 's'} skipped, see above` : ''}).`);
  if (o.json) {
    json({
      dryRun: false,
      provider: remote.provider,
      repo: remote.repoPath,
      protected: policy.branches.map((b) => b.branch).filter((b) => !limits.items('branch rules').includes(b)),
      steps: execution.steps.map((s) => ({ summary: s.summary, status: s.status, method: s.detail.method, url: s.detail.url })),
      skipped,
    });
  }
  return EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return protect(readOptions(options));
}

function report(remote: RemoteInfo, differences: Difference[], unreadable: string[], asJson: boolean): number {
  const code = differences.length ? EXIT_RULE : unreadable.length ? EXIT_FAILURE : EXIT_OK;
  if (asJson) json({ ok: code === EXIT_OK, provider: remote.provider, repo: remote.repoPath, differences: differences.map((d) => ({ ...d, text: describeDifference(d) })), unreadable });
  else if (differences.length) result(differences.map(describeDifference).join('\n'));
  if (unreadable.length) warn(`The token cannot read ${unreadable.join(', ')} (403), so the check is incomplete; use a token with admin rights on ${remote.repoPath}.`);
  if (differences.length) warn(`${remote.repoPath} on ${forgeName(remote)} differs from the policy in ${differences.length} setting${differences.length === 1 ? '' : 's'}; run flowgate protect to apply it.`);
  else if (!unreadable.length) success(`${remote.repoPath} on ${forgeName(remote)} matches the policy.`);
  return code;
}
