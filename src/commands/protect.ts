/**
 * `flow protect [--branch NAME…] [--dry-run] [--json]`: apply the same branch protection to every
 * protected branch that is not a glob (or the ones given). Read state → plan → execute.
 * --dry-run prints the exact requests on stdout, sends nothing and needs no token.
 */
import { loadConfig } from '../config/load.js';
import { literalBranches } from '../core/protected.js';
import { FlowError, UsageError } from '../errors.js';
import { gitMaybe } from '../git/exec.js';
import { createForge, findTokenSource, forgeCoordinates, resolveRemote, type ForgeClient, type RemoteInfo } from '../forge/index.js';
import { forgeName, messageOf, statusOf, toFlowError, tokenAdvice } from '../forge/errors.js';
import { formatRequest, gitlabUnprotect, planProtection, REQUIRED_CHECKS, type ProtectionStep } from '../forge/protection.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';

function branchesFrom(option: unknown, protectedGlobs: string[]): string[] {
  const given = (Array.isArray(option) ? option : typeof option === 'string' ? [option] : [])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const branches = given.length ? given : literalBranches(protectedGlobs);
  for (const b of branches) {
    if (/[*?[\]{}]/.test(b)) throw new UsageError(`'${sanitize(b)}' is a pattern, and branch protection is applied one branch at a time; name the branches with --branch.`);
    if (gitMaybe(['check-ref-format', '--branch', b]) === undefined) throw new UsageError(`'${sanitize(b)}' is not a valid branch name; check the --branch value.`);
  }
  return [...new Set(branches)];
}

async function apply(forge: ForgeClient, remote: RemoteInfo, step: ProtectionStep, tokenSource: string): Promise<void> {
  const ctx = {
    remote,
    action: `protect branch ${step.branch}`,
    tokenSource,
    permission: remote.provider === 'gitlab' ? 'the Maintainer role and the api scope' : 'admin rights on the repository (fine-grained token: "Administration: write")',
  };
  try {
    await forge.send(step.request);
    return;
  } catch (error) {
    const status = statusOf(error);
    const said = messageOf(error);
    if (remote.provider === 'github' && status === 403 && /upgrade to github pro|make this repository public|not available/i.test(said)) {
      throw new FlowError(
        `Branch protection is not available for the private repository ${remote.repoPath} on its current GitHub plan (403); make the repository public or move it to GitHub Pro, Team or Enterprise, then run flow protect again.`,
      );
    }
    if (remote.provider === 'github' && status === 404 && /branch not found/i.test(said)) {
      throw new FlowError(`Branch ${sanitize(step.branch)} does not exist in ${remote.repoPath} on ${forgeName(remote)} (404); push it first, then run flow protect again.`);
    }
    if (remote.provider === 'gitlab' && status === 409) {
      // Already protected: replace its settings with ours.
      try {
        await forge.send(gitlabUnprotect(remote, step.branch));
        await forge.send(step.request);
        return;
      } catch (again) {
        throw toFlowError(again, ctx);
      }
    }
    throw toFlowError(error, ctx);
  }
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  if (gitMaybe(['rev-parse', '--git-dir'], { cwd }) === undefined) throw new FlowError('This is not a git repository; run flow protect inside your repository.');
  const { config } = await loadConfig(cwd);
  const branches = branchesFrom(options.branch, config.protected);
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
    throw new FlowError('flowgate cannot tell which GitHub or GitLab repository origin is; set forge.provider and forge.repo in the flowgate config, then run flow protect again.');
  }
  const plan = planProtection(remote, branches, REQUIRED_CHECKS);

  if (options.dryRun) {
    info(`Dry run: the request${plan.length > 1 ? 's' : ''} flow protect would send to ${forgeName(remote)} (nothing is sent):`);
    if (options.json) json({ dryRun: true, provider: remote.provider, repo: remote.repoPath, requests: plan.map((s) => ({ branch: s.branch, ...s.request })) });
    else result(plan.map((s) => formatRequest(s.request)).join('\n\n'));
    return 0;
  }

  const token = await findTokenSource(remote, { cwd });
  if (!token) {
    throw new FlowError(`flow protect needs a token for ${forgeName(remote)} with admin rights on ${remote.repoPath}; ${tokenAdvice(remote)}, or preview the requests with --dry-run.`);
  }
  const forge = await createForge(remote, token.token, token.source);
  const done: string[] = [];
  for (const step of plan) {
    await apply(forge, remote, step, token.source);
    done.push(step.branch);
    success(`Protected ${sanitize(step.branch)} on ${forgeName(remote)} (${remote.repoPath}).`);
  }
  if (options.json) json({ dryRun: false, provider: remote.provider, repo: remote.repoPath, protected: done, requiredChecks: remote.provider === 'github' ? REQUIRED_CHECKS : [] });
  return 0;
}
