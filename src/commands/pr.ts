/**
 * `flow pr` and `flow <type> finish`, at `gh pr create`'s level: push the current branch with its
 * upstream, then open (or reuse) its pull request(s).
 *
 *   read(repo) → plan [push] → execute → read the forge (token, open PRs) → propose title and
 *   body from the commits (at a terminal: edit, summary, confirm) → plan [open PR, metadata…]
 *   → execute.
 *
 * PR and compare URLs go to stdout, progress to stderr; `--json` prints one document and
 * `--dry-run` prints every step without pushing or calling the forge. Answers typed at the
 * prompts are saved when opening the PR fails, and proposed again on the next run.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import type { BranchInfo } from '../core/branch.js';
import { branchType, describeBranch, prTargets } from '../core/branch-model.js';
import { composeBody, proposeBody, proposeTitle, templatePaths, type PrCommit } from '../core/pr-plan.js';
import { redact } from '../core/redact.js';
import { FlowError, UsageError, errorMessage } from '../errors.js';
import { Repo } from '../git/repo.js';
import type { Forge, PullRequest, PullRequestMeta, RemoteInfo } from '../forge/types.js';
import type { TokenSource } from '../forge/token.js';
import type { Plan } from '../plan/step.js';
import { apiRequest, push } from '../plan/steps.js';
import { runPlan } from '../plan/run-plan.js';
import type { Prompter } from '../prompts/index.js';
import { info, json, paint, result, sanitize, success, warn } from '../ui/output.js';
import { withProgress } from '../ui/progress.js';
import { cwdOption, stringOption } from './options.js';

export interface PrOptions {
  json: boolean;
  yes: boolean;
  draft: boolean;
  base?: string;
  title?: string;
  body?: string;
  /** false with --no-push */
  push: boolean;
  /** set by `flow <type> finish`: the branch must be of that type */
  finishType?: string;
  /** no questions: title and body from the commits, the template kept */
  fill: boolean;
  /** open the compare page in a browser instead of calling the API */
  web: boolean;
  reviewers: string[];
  assignees: string[];
  labels: string[];
  milestone?: string;
  dryRun: boolean;
  cwd: string;
}

/** What pr needs from outside, injectable for tests (gh's options struct). */
export interface PrDeps {
  /** a prompter when someone is at a terminal, else undefined */
  prompter(): Promise<Prompter | undefined>;
  findToken(remote: RemoteInfo, cwd: string): Promise<TokenSource | undefined>;
  createForge(remote: RemoteInfo, token: TokenSource): Promise<Forge>;
  openBrowser(url: string): Promise<boolean>;
}

const defaultDeps: PrDeps = {
  async prompter() {
    const { createPrompter, isInteractive } = await import('../prompts/index.js');
    return isInteractive() ? createPrompter() : undefined;
  },
  async findToken(remote, cwd) {
    const { findTokenSource } = await import('../forge/token.js');
    return findTokenSource(remote, { cwd });
  },
  async createForge(remote, token) {
    const { createForge } = await import('../forge/index.js');
    return createForge(remote, token.token, token.source);
  },
  async openBrowser(url) {
    const { openBrowser } = await import('../ui/browser.js');
    return openBrowser(url);
  },
};

/** Split `--label a,b --label c` into names. */
function names(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
}

export function readOptions(o: Record<string, unknown>): PrOptions {
  return {
    json: Boolean(o.json),
    yes: Boolean(o.yes),
    draft: Boolean(o.draft),
    base: stringOption(o.base)?.trim(),
    title: stringOption(o.title),
    body: stringOption(o.body),
    push: o.push !== false,
    finishType: stringOption(o.finishType),
    fill: Boolean(o.fill),
    web: Boolean(o.web),
    reviewers: names(o.reviewer),
    assignees: names(o.assignee),
    labels: names(o.label),
    milestone: stringOption(o.milestone)?.trim() || undefined,
    dryRun: Boolean(o.dryRun),
    cwd: cwdOption(o),
  };
}

interface PrState {
  repo: Repo;
  config: FlowgateConfig;
  branch: string;
  /** the branch's type, issue, slug or version as its name says */
  named: BranchInfo;
  targets: string[];
  remote?: RemoteInfo;
  /** origin's URL (may hold credentials: print only redacted) */
  origin?: string;
  template?: string;
  /** the commits the first target lacks, oldest first */
  commits: PrCommit[];
  /** answers saved by a failed earlier run on this branch */
  saved?: Answers;
}

/** What a person chose at the prompts (or what --fill and the flags say). */
interface Answers {
  title: string;
  body: string;
  draft: boolean;
}

export interface PrReport {
  branch: string;
  pushed: boolean;
  pullRequests: { base: string; url: string; number: number; title: string; draft: boolean; created: boolean; reused: boolean }[];
  compareUrls: string[];
  /** --web: whether a browser was opened (else the URL was printed) */
  opened?: boolean;
  error?: string;
}

/** Read the state: repository, branch, targets, remote, template, commits. No changes. */
async function readState(o: PrOptions): Promise<PrState> {
  const repo = await Repo.open(o.cwd);
  const { config } = await loadConfig(o.cwd);
  const branch = await repo.currentBranch();
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
  if (o.finishType && type !== o.finishType) {
    throw new UsageError(
      `\`flow ${o.finishType} finish\` runs on a ${o.finishType}/ branch, but you are on ${sanitize(branch)}; check out the ${o.finishType} branch, or use \`flow pr\` for this one.`,
    );
  }
  if (o.base !== undefined && o.base === '') throw new UsageError('--base needs a branch name; give one, e.g. --base develop.');
  const targets = prTargets(o.finishType ?? type, config, o.base);
  if (targets.includes(branch)) throw new UsageError(`A pull request from ${sanitize(branch)} into itself makes no sense; choose another --base.`);
  const { resolveRemote } = await import('../forge/index.js');
  const origin = await repo.remoteUrl('origin');
  const remote = resolveRemote(repo.root, config, { originUrl: origin });
  let template: string | undefined;
  for (const rel of templatePaths(remote?.provider)) {
    const file = join(repo.root, rel);
    if (existsSync(file)) {
      template = readFileSync(file, 'utf8');
      break;
    }
  }
  const start = await repo.startPoint(targets[0]!);
  const commits = start ? await repo.commits(`${start.ref}..HEAD`) : [];
  return {
    repo,
    config,
    branch,
    named: describeBranch(branch, config),
    targets,
    remote,
    origin,
    template,
    commits,
    saved: loadAnswers(repo, branch),
  };
}

// ---- the recovery file (gh's idea): nothing typed is lost when the forge says no --------------

function answersFile(repo: Repo): string {
  return join(repo.gitDir, 'flowgate', 'pr-answers.json');
}

function loadAnswers(repo: Repo, branch: string): Answers | undefined {
  try {
    const saved = JSON.parse(readFileSync(answersFile(repo), 'utf8')) as Partial<Answers> & { branch?: string };
    if (saved.branch !== branch || typeof saved.title !== 'string' || typeof saved.body !== 'string') return undefined;
    return { title: saved.title, body: saved.body, draft: Boolean(saved.draft) };
  } catch {
    return undefined;
  }
}

function saveAnswers(repo: Repo, branch: string, answers: Answers): void {
  try {
    mkdirSync(join(repo.gitDir, 'flowgate'), { recursive: true });
    writeFileSync(answersFile(repo), JSON.stringify({ branch, title: answers.title, body: answers.body, draft: answers.draft }, null, 2) + '\n');
    info('Your title and body are saved; the next `flowgate pr` on this branch proposes them again.');
  } catch {
    // saving is a courtesy
  }
}

function dropAnswers(repo: Repo): void {
  rmSync(answersFile(repo), { force: true });
}

// ---- proposal and questions -----------------------------------------------------------------

/** Title and body as flowgate proposes them, before anyone edits them. */
function propose(state: PrState, o: PrOptions, fromCommits: boolean, issueTitle?: string): Answers {
  const saved = o.title === undefined && o.body === undefined ? state.saved : undefined;
  if (saved) {
    info('Proposing the title and body you typed in the last attempt (saved when it failed).');
    return { ...saved, draft: o.draft || saved.draft };
  }
  const title = proposeTitle({ branch: state.branch, config: state.config, commits: state.commits, issueTitle, title: o.title });
  const body = composeBody({ body: proposeBody({ body: o.body, template: state.template, commits: state.commits, fromCommits }), issue: state.named.issue });
  return { title, body, draft: o.draft };
}

type Next = 'submit' | 'draft' | 'web' | 'cancel';

/** gh's flow at a terminal: title (editable), body (keep, edit, empty), a summary, then what next. */
async function ask(prompter: Prompter, proposal: Answers, state: PrState, o: PrOptions, targets: string[]): Promise<Answers & { next: Next }> {
  let title = proposal.title;
  if (o.title === undefined) {
    title = (await prompter.input({ name: 'title', message: 'Title', default: proposal.title, prefill: true, required: true })).trim();
  }
  let body = proposal.body;
  if (o.body === undefined) {
    const lines = body === '' ? 0 : body.split('\n').length;
    const how = await prompter.select<'keep' | 'edit' | 'empty'>({
      name: 'body',
      message: 'Body',
      choices: [
        { value: 'keep', name: lines ? `Use the proposed body (${lines} line${lines === 1 ? '' : 's'}: commits${state.template ? ' and the template' : ''})` : 'Leave it empty', short: 'proposed' },
        { value: 'edit', name: 'Edit it in your editor', short: 'edited' },
        ...(lines ? [{ value: 'empty' as const, name: 'Leave it empty', short: 'empty' }] : []),
      ],
      default: 'keep',
    });
    if (how === 'edit') body = (await prompter.editor({ name: 'body-text', message: 'Body (opens your editor; save and close to go on)', default: body })).trim();
    if (how === 'empty') body = '';
  }
  const meta = [
    o.reviewers.length ? `reviewers ${o.reviewers.join(', ')}` : '',
    o.assignees.length ? `assignees ${o.assignees.join(', ')}` : '',
    o.labels.length ? `labels ${o.labels.join(', ')}` : '',
    o.milestone ? `milestone ${o.milestone}` : '',
  ].filter(Boolean);
  const preview = body === '' ? '(empty)' : body.split('\n').slice(0, 6).join('\n    ') + (body.split('\n').length > 6 ? '\n    …' : '');
  process.stderr.write(
    `\n${paint('bold', 'Pull request')} ${sanitize(state.branch)} → ${targets.map(sanitize).join(', ')}\n` +
      `  Title: ${sanitize(title)}\n  Body:  ${sanitize(preview)}\n${meta.length ? `  ${meta.join('; ')}\n` : ''}\n`,
  );
  const next = await prompter.select<Next>({
    name: 'next',
    message: "What's next?",
    choices: [
      { value: 'submit', name: proposal.draft ? 'Submit as draft' : 'Submit' },
      ...(proposal.draft ? [] : [{ value: 'draft' as const, name: 'Submit as draft' }]),
      { value: 'web', name: 'Continue in the browser' },
      { value: 'cancel', name: 'Cancel' },
    ],
    default: 'submit',
  });
  return { title, body, draft: proposal.draft || next === 'draft', next };
}

// ---- the run ---------------------------------------------------------------------------------

function openPrStep(forge: Forge | undefined, remote: RemoteInfo, branch: string, base: string, answers: Answers) {
  const path = remote.provider === 'gitlab' ? `/projects/${encodeURIComponent(remote.repoPath)}/merge_requests` : `/repos/${remote.repoPath}/pulls`;
  return apiRequest(
    { method: 'POST', url: `${remote.apiUrl}${path}`, body: { head: branch, base, title: answers.title, body: answers.body, draft: answers.draft } },
    async () => {
      if (!forge) throw new FlowError('internal: no forge to open the pull request on.');
      try {
        return { pr: await forge.createPullRequest({ head: branch, base, title: answers.title, body: answers.body, draft: answers.draft }), created: true };
      } catch (e) {
        const { AlreadyExistsError } = await import('../forge/client.js');
        if (!(e instanceof AlreadyExistsError)) throw e;
        const pr = await forge.findOpenPullRequest(branch, base);
        if (!pr) throw e;
        return { pr, created: false };
      }
    },
    { kind: 'open-pr', summary: `open the ${noun(remote)} from ${branch} into ${base}${answers.draft ? ' as a draft' : ''}` },
  );
}

function noun(remote: RemoteInfo | undefined): string {
  return remote?.provider === 'gitlab' ? 'merge request' : 'pull request';
}

/** One soft step per PR for reviewers, assignees, labels and milestone: a failure there is a warning, the PR stays. */
function metaSteps(forge: Forge | undefined, base: string, meta: PullRequestMeta, pr: () => PullRequest | undefined): Plan {
  const what = [
    meta.reviewers.length ? `request reviews from ${meta.reviewers.join(', ')}` : '',
    meta.assignees.length ? `assign ${meta.assignees.join(', ')}` : '',
    meta.labels.length ? `add the labels ${meta.labels.join(', ')}` : '',
    meta.milestone ? `set the milestone ${meta.milestone}` : '',
  ].filter(Boolean);
  if (!what.length) return [];
  return [
    {
      kind: 'api-request',
      summary: `${what.join(', ')} on the pull request into ${base}`,
      detail: { base, reviewers: meta.reviewers, assignees: meta.assignees, labels: meta.labels, milestone: meta.milestone ?? null },
      remote: true,
      slow: true,
      soft: true,
      async run() {
        const target = pr();
        if (target && forge) await forge.addMetadata(target, meta);
      },
    },
  ];
}

export async function pr(o: PrOptions, deps: PrDeps = defaultDeps): Promise<number> {
  const state = await readState(o);
  const { repo, branch, remote } = state;
  const report: PrReport = { branch, pushed: false, pullRequests: [], compareUrls: [] };
  const meta: PullRequestMeta = { reviewers: o.reviewers, assignees: o.assignees, labels: o.labels, milestone: o.milestone };
  const fail = (e: unknown): never => {
    if (o.json && !o.dryRun) {
      report.error = redact(errorMessage(e));
      json(report);
    }
    throw e;
  };

  const pushPlan: Plan = [];
  if (o.push) {
    if (!state.origin) fail(new FlowError(`There is no remote named origin to push ${sanitize(branch)} to; add one (git remote add origin <url>) or use --no-push.`));
    pushPlan.push(push('origin', branch, { setUpstream: true }));
  }

  if (o.dryRun) {
    // No network at all: the PR steps are planned from what this clone knows.
    const proposal = propose(state, o, o.fill);
    const later: Plan = remote
      ? state.targets.flatMap((base) => [openPrStep(undefined, remote, branch, base, proposal), ...metaSteps(undefined, base, meta, () => undefined)])
      : [];
    await runPlan([...pushPlan, ...later], { cwd: repo.root, dryRun: true, json: o.json });
    return 0;
  }

  // 1. push
  if (pushPlan.length) {
    try {
      await runPlan(pushPlan, { cwd: repo.root });
    } catch (e) {
      fail(e);
    }
    report.pushed = true;
  }

  // 2. which forge
  if (!remote) {
    const where = state.origin ? `origin (${redact(sanitize(state.origin))})` : 'an origin remote';
    return fail(
      new FlowError(
        `${report.pushed ? `Pushed ${sanitize(branch)}, but ` : ''}flowgate cannot tell which GitHub or GitLab repository ${where} is; set forge.provider and forge.repo in the flowgate config, or open the pull request by hand.`,
      ),
    );
  }

  // 3. --web: the compare page, in a browser or on stdout
  if (o.web) return web(state, o, deps, report, propose(state, o, true));

  // 4. token, or the compare URL to open by hand
  const token = await withProgress('looking for a forge token', () => deps.findToken(remote, repo.root));
  if (!token) {
    const { forgeName, tokenAdvice } = await import('../forge/errors.js');
    const { compareUrl } = await import('../forge/remote-url.js');
    info(`No token for ${forgeName(remote)} was found, so open the pull request by hand (or ${tokenAdvice(remote)}):`);
    for (const base of state.targets) {
      const url = compareUrl(remote, base, branch);
      report.compareUrls.push(url);
      if (!o.json) result(url);
    }
    if (o.json) json(report);
    return 0;
  }

  let answers: (Answers & { typed: boolean }) | undefined;
  try {
    const forge = await deps.createForge(remote, token);
    // 5. the open PRs, looked up before anything is asked
    const existing = new Map<string, PullRequest>();
    for (const base of state.targets) {
      const found = await withProgress(`looking for an open ${noun(remote)} into ${base}`, () => forge.findOpenPullRequest(branch, base));
      if (found) existing.set(base, found);
    }
    const missing = state.targets.filter((b) => !existing.has(b));

    // 6. title and body for the missing ones: proposed, and at a terminal asked
    if (missing.length) {
      const { named } = state;
      let issueTitle: string | undefined;
      if (o.title === undefined && state.commits.length !== 1 && named.issue && !named.slug && !named.version) {
        issueTitle = await withProgress(`reading issue ${named.issue}`, () => forge.issueTitle(named.issue!)).catch(() => undefined);
      }
      const prompter = o.yes || o.fill || o.json || (o.title !== undefined && o.body !== undefined) ? undefined : await deps.prompter();
      const proposal = propose(state, o, o.fill || prompter !== undefined, issueTitle);
      if (prompter) {
        let chosen;
        try {
          chosen = await ask(prompter, proposal, state, o, missing);
        } finally {
          prompter.close();
        }
        if (chosen.next === 'cancel') {
          info(`Cancelled; no ${noun(remote)} was opened${report.pushed ? ` (${sanitize(branch)} is pushed)` : ''}.`);
          return 130;
        }
        answers = { title: chosen.title, body: chosen.body, draft: chosen.draft, typed: true };
        if (chosen.next === 'web') return web(state, o, deps, report, answers);
      } else {
        answers = { ...proposal, typed: false };
      }
    }

    // 7. open what is missing, then the metadata
    const results = new Map<string, { pr: PullRequest; created: boolean }>();
    const steps: Plan = [];
    for (const base of missing) {
      const open = openPrStep(forge, remote, branch, base, answers!);
      const run = open.run.bind(open);
      steps.push({ ...open, run: async (ctx) => {
        const r = await run(ctx);
        results.set(base, r);
        return r;
      } });
      steps.push(...metaSteps(forge, base, meta, () => (results.get(base)?.created ? results.get(base)!.pr : undefined)));
    }
    if (steps.length) await runPlan(steps, { cwd: repo.root });

    for (const base of state.targets) {
      const known = existing.get(base);
      const { pr, created } = known ? { pr: known, created: false } : results.get(base)!;
      report.pullRequests.push({ base, url: pr.url, number: pr.number, title: pr.title, draft: pr.draft, created, reused: !created });
      const label = remote.provider === 'gitlab' ? `merge request !${pr.number}` : `pull request #${pr.number}`;
      if (created) success(`Opened ${label} into ${sanitize(base)}${answers?.draft && pr.draft ? ' (draft)' : ''}.`);
      else info(`The ${label} from ${sanitize(branch)} into ${sanitize(base)} is already open${pr.draft ? ' (draft)' : ''}; reusing it.`);
      if (!o.json) result(pr.url);
    }
    if (answers?.typed || state.saved) dropAnswers(repo);
  } catch (e) {
    if (answers?.typed) saveAnswers(repo, branch, answers);
    if (report.pushed && !o.json) info(`${sanitize(branch)} is pushed; only the ${noun(remote)} is missing.`);
    return fail(e);
  }
  if (o.json) json(report);
  return 0;
}

/** `--web` (or "Continue in the browser"): the compare page with the title and body filled in. */
async function web(state: PrState, o: PrOptions, deps: PrDeps, report: PrReport, answers: Answers): Promise<number> {
  const { compareUrl } = await import('../forge/remote-url.js');
  const remote = state.remote!;
  const base = state.targets[0]!;
  const url = compareUrl(remote, base, state.branch, answers);
  report.compareUrls.push(url);
  if (state.targets.length > 1) {
    for (const other of state.targets.slice(1)) report.compareUrls.push(compareUrl(remote, other, state.branch, answers));
  }
  report.opened = await deps.openBrowser(url);
  if (report.opened) info(`Opening ${redact(url.split('?')[0]!)} in your browser.`);
  else {
    info('No browser could be opened; open this page to finish the pull request:');
    if (!o.json) result(url);
  }
  if (state.targets.length > 1) {
    warn(`this branch also needs a ${noun(remote)} into ${state.targets.slice(1).join(', ')}; ${o.json ? 'its page is in compareUrls' : 'open it from:'}`);
    if (!o.json) for (const u of report.compareUrls.slice(1)) result(u);
  }
  if (o.json) json(report);
  return 0;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return pr(readOptions(options));
}

