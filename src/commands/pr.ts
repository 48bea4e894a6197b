/**
 * `flow pr` and `flow <type> finish`: push the current branch with its upstream, then open (or
 * reuse) its pull request(s). Read state → plan → execute. PR and compare URLs go to stdout,
 * progress to stderr; `--json` prints one document.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { describeBranch } from '../core/branch.js';
import { redact } from '../core/redact.js';
import { EXIT_RULE, FlowError, UsageError, errorMessage } from '../errors.js';
import { gitMaybe } from '../git/exec.js';
import { AlreadyExistsError, compareUrl, createForge, findTokenSource, originUrl, resolveRemote, type PullRequest, type RemoteInfo } from '../forge/index.js';
import { forgeName, tokenAdvice } from '../forge/errors.js';
import { branchType, choosePrTitle, composeBody, prTargets, templatePaths } from '../forge/pr-plan.js';
import { info, json, result, sanitize, success } from '../ui/output.js';

interface PrOptions {
  json?: boolean;
  draft?: boolean;
  base?: string;
  title?: string;
  body?: string;
  push?: boolean;
  finishType?: string;
}

interface PrState {
  root: string;
  branch: string;
  type?: string;
  issue?: string;
  targets: string[];
  remote?: RemoteInfo;
  origin?: string;
  template?: string;
}

interface PrReport {
  branch: string;
  pushed: boolean;
  pullRequests: { base: string; url: string; number: number; title: string; draft: boolean; created: boolean; reused: boolean }[];
  compareUrls: string[];
  error?: string;
}

function readOptions(o: Record<string, unknown>): PrOptions {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    json: Boolean(o.json),
    draft: Boolean(o.draft),
    base: str(o.base)?.trim(),
    title: str(o.title),
    body: str(o.body),
    push: o.push !== false,
    finishType: str(o.finishType),
  };
}

/** Read the state: repository, branch, targets, forge. No changes. */
function readState(cwd: string, config: FlowgateConfig, opts: PrOptions): PrState {
  const root = gitMaybe(['rev-parse', '--show-toplevel'], { cwd });
  if (!root) throw new FlowError('This is not a git work tree; run the command inside your repository.');
  const branch = gitMaybe(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd });
  if (!branch) {
    throw new FlowError('HEAD is detached, so there is no branch to open a pull request for; check out your branch (git switch <branch>) and run the command again.');
  }
  const { main, develop } = config.branches;
  if (branch === main || (develop && branch === develop)) {
    throw new FlowError(
      `You are on ${sanitize(branch)}, which changes only through pull requests; start a branch with \`npx flow feature start <issue>\`, commit there, and run the command from that branch.`,
    );
  }
  const type = branchType(branch, config);
  if (opts.finishType && type !== opts.finishType) {
    throw new UsageError(
      `\`flow ${opts.finishType} finish\` runs on a ${opts.finishType}/ branch, but you are on ${sanitize(branch)}; check out the ${opts.finishType} branch, or use \`flow pr\` for this one.`,
    );
  }
  if (opts.base !== undefined && opts.base === '') throw new UsageError('--base needs a branch name; give one, e.g. --base develop.');
  const targets = prTargets(opts.finishType ?? type, config, opts.base);
  if (targets.includes(branch)) throw new UsageError(`A pull request from ${sanitize(branch)} into itself makes no sense; choose another --base.`);
  const remote = resolveRemote(cwd, config);
  let template: string | undefined;
  for (const rel of templatePaths(remote?.provider)) {
    const file = join(root, rel);
    if (existsSync(file)) {
      template = readFileSync(file, 'utf8');
      break;
    }
  }
  return { root, branch, type, issue: describeBranch(branch, config).issue, targets, remote, origin: originUrl(cwd), template };
}

/** Subjects of the commits on HEAD that the base lacks (origin/<base> when known, else <base>), at most 2. */
function subjectsAhead(cwd: string, base: string): string[] | undefined {
  const ref = [`refs/remotes/origin/${base}`, `refs/heads/${base}`].find((r) => gitMaybe(['rev-parse', '--verify', '--quiet', r], { cwd }) !== undefined);
  if (!ref) return undefined;
  const out = gitMaybe(['log', '--format=%s', '--max-count=2', `${ref}..HEAD`], { cwd });
  return out === undefined ? undefined : out.split('\n').filter((l) => l !== '');
}

/**
 * `git push -u origin <branch>` with git's and the hooks' output passed to stderr (masked).
 * Our own pre-push hook runs (FLOWGATE_SKIP is not set) and may refuse: that is exit 1.
 */
async function push(cwd: string, branch: string): Promise<void> {
  info(`Pushing ${sanitize(branch)} to origin…`);
  const child = spawn('git', ['push', '--set-upstream', 'origin', `refs/heads/${branch}:refs/heads/${branch}`], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let captured = '';
  const forward = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    captured += text;
    process.stderr.write(redact(text));
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const code = await new Promise<number>((resolvePromise, reject) => {
    child.on('error', (e) => reject(new FlowError(`git could not be started to push: ${errorMessage(e)}; check that git is on PATH.`)));
    child.on('close', (c) => resolvePromise(c ?? 128));
  });
  if (code === 0) return;
  if (/\[remote rejected\]/.test(captured)) {
    throw new FlowError(`origin refused ${sanitize(branch)} (see its reason above); fix what it reports and run the command again.`, EXIT_RULE);
  }
  if (/\[rejected\]|non-fast-forward|fetch first/.test(captured)) {
    throw new FlowError(
      `origin has commits on ${sanitize(branch)} that you do not have, so the push was refused; run \`git pull --rebase\` and run the command again.`,
    );
  }
  if (code === 1 && !/^fatal:/m.test(captured)) {
    throw new FlowError(`The push of ${sanitize(branch)} was refused by the pre-push hook (see above); fix what it reports and run the command again.`, EXIT_RULE);
  }
  throw new FlowError(`git push of ${sanitize(branch)} to origin failed (exit ${code}, see above); fix the problem and run the command again, or use --no-push.`);
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const opts = readOptions(options);
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd);
  const state = readState(cwd, config, opts);
  const report: PrReport = { branch: state.branch, pushed: false, pullRequests: [], compareUrls: [] };

  const fail = (e: unknown): never => {
    if (opts.json) {
      report.error = redact(errorMessage(e));
      json(report);
    }
    throw e;
  };

  // 1. push
  if (opts.push) {
    if (!state.origin) {
      fail(new FlowError(`There is no remote named origin to push ${sanitize(state.branch)} to; add one (git remote add origin <url>) or use --no-push.`));
    }
    try {
      await push(cwd, state.branch);
    } catch (e) {
      fail(e);
    }
    report.pushed = true;
  }

  // 2. which forge
  const remote = state.remote;
  if (!remote) {
    const where = state.origin ? `origin (${redact(sanitize(state.origin))})` : 'an origin remote';
    return fail(
      new FlowError(
        `${report.pushed ? `Pushed ${sanitize(state.branch)}, but ` : ''}flowgate cannot tell which GitHub or GitLab repository ${where} is; set forge.provider and forge.repo in the flowgate config, or open the pull request by hand.`,
      ),
    );
  }

  const title = (ahead: string[] | undefined, issueTitle?: string) =>
    choosePrTitle({ branch: state.branch, config, subjectsAhead: ahead, issueTitle, title: opts.title });
  const body = composeBody({ body: opts.body, template: state.template, issue: state.issue });

  // 3. token, or the compare URL to open by hand
  const token = await findTokenSource(remote, { cwd });
  if (!token) {
    info(`No token for ${forgeName(remote)} was found, so open the pull request by hand (or ${tokenAdvice(remote)}):`);
    for (const base of state.targets) {
      const url = compareUrl(remote, base, state.branch);
      report.compareUrls.push(url);
      if (!opts.json) result(url);
    }
    if (opts.json) json(report);
    return 0;
  }

  // 4. open or reuse each pull request
  try {
    const forge = await createForge(remote, token.token, token.source);
    let prTitle: string | undefined;
    for (const base of state.targets) {
      let pr: PullRequest | undefined = await forge.findOpenPullRequest(state.branch, base);
      let created = false;
      if (!pr) {
        if (prTitle === undefined) {
          // One title for every target, from the first (main for hotfix and release).
          const ahead = subjectsAhead(cwd, state.targets[0]!);
          prTitle = title(ahead);
          // A branch with only an issue id (feature/123) borrows the issue's title, when the forge has it.
          const named = describeBranch(state.branch, config);
          if (!opts.title && ahead?.length !== 1 && named.issue && !named.slug && !named.version) {
            const issueTitle = await forge.issueTitle(named.issue).catch(() => undefined);
            if (issueTitle) prTitle = title(ahead, issueTitle);
          }
        }
        try {
          pr = await forge.createPullRequest({ head: state.branch, base, title: prTitle, body, draft: Boolean(opts.draft) });
          created = true;
        } catch (e) {
          if (!(e instanceof AlreadyExistsError)) throw e;
          pr = await forge.findOpenPullRequest(state.branch, base);
          if (!pr) throw e;
        }
      }
      report.pullRequests.push({ base, url: pr.url, number: pr.number, title: pr.title, draft: pr.draft, created, reused: !created });
      const noun = remote.provider === 'gitlab' ? `merge request !${pr.number}` : `pull request #${pr.number}`;
      if (created) success(`Opened ${noun} into ${sanitize(base)}${pr.draft ? ' (draft)' : ''}.`);
      else info(`The ${noun} from ${sanitize(state.branch)} into ${sanitize(base)} is already open; reusing it.`);
      if (!opts.json) result(pr.url);
    }
  } catch (e) {
    if (report.pushed && !opts.json) info(`${sanitize(state.branch)} is pushed; only the pull request is missing.`);
    return fail(e);
  }
  if (opts.json) json(report);
  return 0;
}
