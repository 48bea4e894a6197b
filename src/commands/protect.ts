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
import { gitMaybe } from '../git/exec.js';
import { createForge, findTokenSource, forgeCoordinates, resolveRemote, type RemoteInfo } from '../forge/index.js';
import { forgeName, tokenAdvice } from '../forge/errors.js';
import { formatRequest } from '../forge/protection.js';
import { execute } from '../plan/executor.js';
import type { Plan } from '../plan/step.js';
import { describeDifference, type Difference } from '../policy/drift.js';
import { Limits, type Runner } from '../policy/github.js';
import { resolvePolicy, type Policy } from '../policy/model.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';

function branchesFrom(option: unknown, fallback: string[]): { branches: string[]; narrowed: boolean } {
  const given = (Array.isArray(option) ? option : typeof option === 'string' ? [option] : [])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const branches = given.length ? given : fallback;
  for (const b of branches) {
    if (/[*?[\]{}]/.test(b)) throw new UsageError(`'${sanitize(b)}' is a pattern, and branch protection is applied one branch at a time; name the branches with --branch.`);
    if (gitMaybe(['check-ref-format', '--branch', b]) === undefined) throw new UsageError(`'${sanitize(b)}' is not a valid branch name; check the --branch value.`);
  }
  return { branches: [...new Set(branches)], narrowed: given.length > 0 };
}

/** GitLab's "pipelines must succeed" only where the project has CI (flowgate generates GitHub workflows only). */
function hasGitLabPipeline(): boolean {
  const root = gitMaybe(['rev-parse', '--show-toplevel'])?.trim();
  return Boolean(root && existsSync(join(root, '.gitlab-ci.yml')));
}

/** --branch narrows the run to those branches' rules: the repository-wide parts stay as they are. */
function narrow(policy: Policy): Policy {
  return { ...policy, environments: [], security: { vulnerabilityAlerts: null, automatedSecurityFixes: null, secretScanning: null, pushProtection: null }, mergeMethods: [] };
}

async function buildPlan(remote: RemoteInfo, config: FlowgateConfig, policy: Policy, runner: Runner | undefined, limits: Limits, narrowed: boolean): Promise<Plan> {
  if (remote.provider === 'gitlab') {
    const { gitlabPlan } = await import('../policy/gitlab.js');
    return gitlabPlan(remote, policy, runner, limits, { narrowed, config, pipeline: hasGitLabPipeline() });
  }
  const { githubPlan, readGitHubState } = await import('../policy/github.js');
  const state = runner ? await readGitHubState(runner, policy) : undefined;
  return githubPlan(remote, policy, state, runner, limits, { repository: !narrowed });
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  if (gitMaybe(['rev-parse', '--git-dir'], { cwd }) === undefined) throw new FlowError('This is not a git repository; run flowgate protect inside your repository.');
  if (options.check && options.dryRun) throw new UsageError('--check only reads, so --dry-run adds nothing; use one of them.');
  const { config } = await loadConfig(cwd);
  const { branches, narrowed } = branchesFrom(options.branch, protectedBranches(config));
  if (branches.length === 0) {
    throw new UsageError('No protected branch is a plain name (they are all patterns); name the branches to protect with --branch NAME.');
  }
  let remote = resolveRemote(cwd, config);
  if (!remote && options.dryRun) {
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

  if (options.dryRun) {
    const plan = await buildPlan(remote, config, policy, undefined, limits, narrowed);
    const requests = plan.map((s) => s.detail as { method: string; url: string; body: unknown });
    info(`Dry run: the ${plan.length} request${plan.length === 1 ? '' : 's'} flowgate protect would send to ${forgeName(remote)} for ${remote.repoPath} (nothing is sent; ${remote.provider === 'gitlab' ? 'a branch protected already is updated in place with PATCH …/protected_branches/{branch}' : 'an existing flowgate ruleset is updated with PUT …/rulesets/{id}'} instead):`);
    if (options.json) json({ dryRun: true, provider: remote.provider, repo: remote.repoPath, requests: plan.map((s, i) => ({ summary: s.summary, ...requests[i]! })) });
    else result(requests.map((r) => formatRequest({ method: r.method as 'GET', url: r.url, body: r.body ?? undefined })).join('\n\n'));
    return EXIT_OK;
  }

  const token = await findTokenSource(remote, { cwd });
  if (!token) {
    throw new FlowError(
      `flowgate protect needs a token for ${forgeName(remote)} with admin rights on ${remote.repoPath}; ${tokenAdvice(remote)}${options.check ? '' : ', or preview the requests with --dry-run'}.`,
    );
  }
  const forge = await createForge(remote, token.token, token.source);
  const runner = { remote, forge, tokenSource: token.source };

  if (options.check) {
    const { differences, unreadable } =
      remote.provider === 'gitlab' ? await (await import('../policy/gitlab.js')).checkGitLab(runner, policy, hasGitLabPipeline()) : await (await import('../policy/github-check.js')).checkGitHub(runner, policy);
    return report(remote, differences, unreadable, Boolean(options.json));
  }

  const plan = await buildPlan(remote, config, policy, runner, limits, narrowed);
  const interactive = Boolean(process.stderr.isTTY);
  const execution = await execute(plan, {
    cwd,
    onStep({ step, phase }) {
      if (phase === 'start' && interactive) info(`${step.summary[0]!.toUpperCase()}${step.summary.slice(1)}…`);
    },
  });
  const skipped = limits.skipped;
  for (const s of skipped) warn(s.sentence);
  // A skipped part's step ends normally but sent nothing that took effect: count the answers.
  const applied = execution.results.filter((r) => r && typeof r === 'object' && 'status' in r).length;
  if (applied === 0) warn(`Nothing was applied to ${remote.repoPath} on ${forgeName(remote)}: its plan lacks every part asked for (see above).`);
  else success(`Applied the policy to ${remote.repoPath} on ${forgeName(remote)} (${applied} request${applied === 1 ? '' : 's'}${skipped.length ? `; ${skipped.length} part${skipped.length === 1 ? '' : 's'} skipped, see above` : ''}).`);
  if (options.json) {
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

function report(remote: RemoteInfo, differences: Difference[], unreadable: string[], asJson: boolean): number {
  const code = differences.length ? EXIT_RULE : unreadable.length ? EXIT_FAILURE : EXIT_OK;
  if (asJson) json({ ok: code === EXIT_OK, provider: remote.provider, repo: remote.repoPath, differences: differences.map((d) => ({ ...d, text: describeDifference(d) })), unreadable });
  else if (differences.length) result(differences.map(describeDifference).join('\n'));
  if (unreadable.length) warn(`The token cannot read ${unreadable.join(', ')} (403), so the check is incomplete; use a token with admin rights on ${remote.repoPath}.`);
  if (differences.length) warn(`${remote.repoPath} on ${forgeName(remote)} differs from the policy in ${differences.length} setting${differences.length === 1 ? '' : 's'}; run flowgate protect to apply it.`);
  else if (!unreadable.length) success(`${remote.repoPath} on ${forgeName(remote)} matches the policy.`);
  return code;
}
