import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import { checkBranchName, longLivedNames, placeOf } from '../core/branch-model.js';
import { secretScanOff } from '../core/hook-guards.js';
import { subjectOf } from '../core/message.js';
import { EXIT_OK, EXIT_RULE, FlowError, UsageError } from '../errors.js';
import { gitMaybe, gitRaw } from '../git/exec.js';
import { createLinter, type LintOutcome } from '../lint/commitlint.js';
import { info, json, paint, sanitize, success, warn } from '../ui/output.js';
import type { SecretFinding } from '../core/secrets/scan.js';
import { cwdOption, stringOption } from './options.js';

/** What to check; each part is optional, and none given means "work it out" (see run). */
export interface CheckPlan {
  range?: string;
  branch?: string;
  title?: string;
}

export interface CheckOptions extends CheckPlan {
  json: boolean;
  cwd: string;
  /** where GitHub Actions tells the event (GITHUB_ACTIONS, GITHUB_EVENT_PATH, GITHUB_BASE_REF, …) */
  env: NodeJS.ProcessEnv;
}

export function readOptions(raw: Record<string, unknown>): CheckOptions {
  return { range: stringOption(raw.range), branch: stringOption(raw.branch), title: stringOption(raw.title), json: Boolean(raw.json), cwd: cwdOption(raw), env: process.env };
}

interface Finding {
  kind: 'commit' | 'branch' | 'title' | 'secret';
  subject: string;
  sha?: string;
  problems: string[];
  /** kind 'secret': where and what (the value masked) */
  secret?: SecretFinding;
}

/** What to check: the flags, else the GitHub Actions event, else the current branch against its base. */
export function planFromGithubEvent(env: NodeJS.ProcessEnv): CheckPlan {
  const plan: CheckPlan = {};
  if (env.GITHUB_ACTIONS !== 'true') return plan;
  let event: { pull_request?: { title?: string; base?: { sha?: string; ref?: string }; head?: { sha?: string; ref?: string } } } = {};
  if (env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH)) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as typeof event;
    } catch {
      // an unreadable event leaves the environment variables
    }
  }
  const pr = event.pull_request;
  const baseRef = env.GITHUB_BASE_REF || pr?.base?.ref;
  const headRef = env.GITHUB_HEAD_REF || pr?.head?.ref;
  if (pr?.base?.sha && pr.head?.sha) plan.range = `${pr.base.sha}..${pr.head.sha}`;
  else if (baseRef) plan.range = `origin/${baseRef}..HEAD`;
  if (headRef) plan.branch = headRef;
  if (pr?.title) plan.title = pr.title;
  return plan;
}

function annotation(message: string, title: string, at?: { path: string; line: number; column: number }): string {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => escape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const file = at ? `file=${property(at.path)},line=${at.line},col=${at.column},` : '';
  return `::error ${file}title=${property(title)}::${escape(message)}`;
}

function problemsOf(outcome: LintOutcome): string[] {
  return outcome.errors.map((p) => `${p.message} [${p.name}]`);
}

export async function check(options: CheckOptions): Promise<number> {
  const { cwd, env } = options;
  const { config, dir, file } = await loadConfig(cwd);
  const inActions = env.GITHUB_ACTIONS === 'true';
  const explicit = options.range !== undefined || options.branch !== undefined || options.title !== undefined;
  const plan: CheckPlan = explicit ? { range: options.range, branch: options.branch, title: options.title } : planFromGithubEvent(env);

  if (!explicit && !plan.range && !plan.branch && !plan.title) {
    // Locally with no flags: the current branch and its commits since the base.
    const branch = gitMaybe(['symbolic-ref', '--short', '-q', 'HEAD'], { cwd });
    if (!branch) throw new UsageError('HEAD is detached and no --range, --branch or --title was given; pass at least one.');
    plan.branch = branch;
    // The base its pull request goes to (main for a hotfix); main when that base is missing.
    const { base } = placeOf(branch, config);
    if (base && !longLivedNames(config).includes(branch)) {
      const candidates = [`origin/${base}`, base, `origin/${config.branches.main}`, config.branches.main];
      const found = candidates.find((ref) => gitMaybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd }) !== undefined);
      if (found) plan.range = `${found}..HEAD`;
    }
  }

  const topLevel = gitMaybe(['rev-parse', '--show-toplevel'], { cwd });
  const lint = await createLinter(dir, { repoRoot: topLevel });
  const findings: Finding[] = [];
  let commitCount = 0;

  if (plan.range) {
    if (!plan.range.includes('..')) throw new UsageError(`--range '${plan.range}' is not of the form A..B; give e.g. origin/develop..HEAD.`);
    const r = gitRaw(['log', '-z', '--no-merges', '--format=%H%n%B', plan.range, '--'], { cwd });
    if (r.code !== 0) {
      throw new FlowError(`cannot read the commits in '${plan.range}': ${r.stderr.trim().split('\n').pop()}; fetch the refs (git fetch --unshallow or fetch-depth: 0) or fix the range.`);
    }
    const commits = r.stdout.split('\0').filter((e) => e.length > 40).map((e) => ({ sha: e.slice(0, 40), message: e.slice(41).replace(/\n+$/, '') }));
    commitCount = commits.length;
    for (const c of commits) {
      const outcome = await lint(c.message);
      if (!outcome.valid) findings.push({ kind: 'commit', sha: c.sha, subject: subjectOf(c.message), problems: problemsOf(outcome) });
    }
    // The same secret scan as pre-commit, on what the commits added: CI's answer to --no-verify.
    if (config.secrets.enabled) {
      const [{ scanHistory }, { formatFinding }] = await Promise.all([import('../secrets/scan.js'), import('../secrets/report.js')]);
      const scanned = await scanHistory([plan.range], topLevel ?? cwd, config.secrets.allow);
      for (const s of scanned.findings) {
        findings.push({ kind: 'secret', sha: s.commit, subject: `${s.path}:${s.line}`, problems: [formatFinding(s)], secret: s });
      }
    } else {
      // CI is where --no-verify is caught: a scan the config switched off says so
      const off = secretScanOff(config, file && relative(dir, file));
      warn(`${off!.detail}, so the commits of ${plan.range} were not scanned; to scan them, ${off!.fix}.`);
    }
  }
  let branchOk: boolean | undefined;
  if (plan.branch) {
    const check = checkBranchName(plan.branch, config);
    branchOk = check.ok;
    if (!check.ok) findings.push({ kind: 'branch', subject: plan.branch, problems: [check.reason] });
  }
  let titleOk: boolean | undefined;
  if (plan.title !== undefined) {
    const outcome = await lint(plan.title);
    titleOk = outcome.valid;
    if (!outcome.valid) findings.push({ kind: 'title', subject: plan.title, problems: problemsOf(outcome) });
  }

  const ok = findings.length === 0;
  if (options.json) {
    json({ ok, range: plan.range ?? null, commits: commitCount, branch: plan.branch ?? null, branchOk: branchOk ?? null, title: plan.title ?? null, titleOk: titleOk ?? null, findings });
  } else {
    for (const f of findings) {
      const what =
        f.kind === 'commit'
          ? `commit ${f.sha!.slice(0, 8)} "${sanitize(f.subject)}"`
          : f.kind === 'branch'
            ? `branch '${sanitize(f.subject)}'`
            : f.kind === 'secret'
              ? `secret added by commit ${f.sha?.slice(0, 8) ?? '?'}`
              : `PR title "${sanitize(f.subject)}"`;
      info(paint('red', `✖ ${what}:`));
      for (const p of f.problems) info(`    ${sanitize(p)}`);
      if (inActions) process.stdout.write(annotation(f.problems.join('\n'), `flowgate: ${f.kind}`, f.secret) + '\n');
    }
    const parts = [plan.range ? `${commitCount} commit${commitCount === 1 ? '' : 's'} in ${plan.range}` : '', plan.branch ? `branch ${plan.branch}` : '', plan.title !== undefined ? 'PR title' : ''].filter(Boolean);
    if (ok) success(`flowgate check passed: ${parts.join(', ') || 'nothing to check'}.`);
    else info(paint('red', `flowgate check failed: ${findings.length} problem${findings.length === 1 ? '' : 's'} (${parts.join(', ')}).`));
  }
  return ok ? EXIT_OK : EXIT_RULE;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return check(readOptions(options));
}

