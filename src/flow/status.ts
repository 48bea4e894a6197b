import type { FlowgateConfig } from '../config/types.js';
import { checkBranchName, describeBranch } from '../core/branch.js';
import { issueReference } from '../core/issue.js';
import type { Repo } from '../git/repo.js';
import { placeOf } from '../core/branch-model.js';

/**
 * `flow status`: where the current branch stands in the flow. Reading is local git only (no
 * fetch); the PR part is filled in by the command when a forge is reachable.
 */

export interface Tracking {
  name: string;
  ahead: number | null;
  behind: number | null;
  gone: boolean;
}

export interface CheckRun {
  name: string;
  status: string;
  conclusion: string | null;
}

export interface PullRequestStatus {
  base: string;
  number: number;
  url: string;
  title: string;
  draft: boolean;
  state: string;
  checks: CheckRun[] | null;
}

export interface StatusReport {
  branch: string | null;
  detached: boolean;
  head: string | null;
  kind: 'long-lived' | 'bot' | 'flow' | null;
  type: string | null;
  issue: string | null;
  version: string | null;
  /** why the name breaks the rules, or null */
  nameProblem: string | null;
  base: string | null;
  baseRef: string | null;
  ahead: number | null;
  behind: number | null;
  /** the branches its pull requests go to */
  targets: string[];
  upstream: Tracking | null;
  changes: { staged: number; unstaged: number; untracked: number; conflicted: number };
  /** null when not looked up (no remote or token); [] when none is open */
  pullRequests: PullRequestStatus[] | null;
}

export function countChanges(porcelain: string): StatusReport['changes'] {
  const changes = { staged: 0, unstaged: 0, untracked: 0, conflicted: 0 };
  for (const line of porcelain.split('\n')) {
    if (line.length < 2) continue;
    const x = line[0]!;
    const y = line[1]!;
    if (x === '?' && y === '?') changes.untracked++;
    else if (x === 'U' || y === 'U' || (x === 'A' && y === 'A') || (x === 'D' && y === 'D')) changes.conflicted++;
    else {
      if (x !== ' ' && x !== '!') changes.staged++;
      if (y !== ' ' && y !== '!') changes.unstaged++;
    }
  }
  return changes;
}

export async function readStatus(repo: Repo, config: FlowgateConfig): Promise<StatusReport> {
  const branch = (await repo.currentBranch()) ?? null;
  const head = (await repo.maybe(['rev-parse', '--verify', '--quiet', '--short', 'HEAD'])) || null;
  const changes = countChanges((await repo.maybe(['status', '--porcelain=v1', '--untracked-files=normal'])) ?? '');
  const report: StatusReport = {
    branch,
    detached: branch === null,
    head,
    kind: null,
    type: null,
    issue: null,
    version: null,
    nameProblem: null,
    base: null,
    baseRef: null,
    ahead: null,
    behind: null,
    targets: [],
    upstream: null,
    changes,
    pullRequests: null,
  };
  if (!branch) return report;

  const check = checkBranchName(branch, config);
  const described = check.ok ? check.info : describeBranch(branch, config);
  if (!check.ok) report.nameProblem = check.reason;
  report.kind = described.kind;
  report.type = described.type ?? (check.ok ? null : branch.includes('/') ? branch.slice(0, branch.indexOf('/')) : null);
  report.issue = described.issue ?? null;
  report.version = described.version ?? null;

  const { base, targets } = placeOf(branch, config);
  report.base = base;
  report.targets = targets;
  if (base) {
    const baseRef = (await repo.startPoint(base))?.startPoint ?? null;
    report.baseRef = baseRef;
    if (baseRef && head) [report.ahead, report.behind] = await repo.aheadBehind('HEAD', baseRef);
  }

  const tracking = await repo.maybe(['for-each-ref', '--format=%(upstream:short)%00%(upstream:track)', `refs/heads/${branch}`]);
  const [upstreamName = '', track = ''] = (tracking ?? '').split('\0');
  if (upstreamName) {
    const gone = track.includes('gone');
    const [ahead, behind] = gone || !head ? [null, null] : await repo.aheadBehind('HEAD', upstreamName);
    report.upstream = { name: upstreamName, ahead, behind, gone };
  }
  return report;
}

function plural(n: number, word: string): string {
  return `${n} ${word}`;
}

function distance(ahead: number | null, behind: number | null): string {
  if (ahead === null || behind === null) return 'unknown';
  if (ahead === 0 && behind === 0) return 'up to date';
  return [ahead ? plural(ahead, 'ahead') : '', behind ? plural(behind, 'behind') : ''].filter(Boolean).join(', ');
}

function checkSummary(checks: CheckRun[]): string {
  if (checks.length === 0) return 'none reported';
  const failed = checks.filter((c) => c.conclusion && !['success', 'neutral', 'skipped'].includes(c.conclusion));
  const pending = checks.filter((c) => c.status !== 'completed' && !c.conclusion);
  const passed = checks.length - failed.length - pending.length;
  const parts = [`${passed} passed`];
  if (failed.length) parts.push(`${failed.length} failed (${failed.map((c) => c.name).join(', ')})`);
  if (pending.length) parts.push(`${pending.length} pending`);
  return parts.join(', ');
}

/** The human report, one fact a line. `sanitize` is applied by the caller to branch names and titles. */
export function formatStatus(r: StatusReport, clean: (text: string) => string = (t) => t): string[] {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`${label.padEnd(9)}${text}`);
  if (r.detached) {
    row('HEAD', r.head ? `detached at ${r.head} (not on a branch)` : 'detached');
  } else {
    const facts = [r.kind === 'flow' ? r.type : r.kind, r.issue ? `issue ${issueReference(r.issue)}` : '', r.version ? `version ${r.version}` : ''].filter(Boolean);
    row('Branch', `${clean(r.branch ?? '')}${facts.length ? ` (${facts.join(', ')})` : ''}${r.head ? '' : ' (no commits yet)'}`);
    if (r.nameProblem) row('Name', clean(r.nameProblem));
    if (r.base) row('Base', r.baseRef ? `${clean(r.baseRef)}: ${distance(r.ahead, r.behind)}` : `${clean(r.base)} (not found locally or on origin)`);
    if (r.upstream) row('Upstream', `${clean(r.upstream.name)}: ${r.upstream.gone ? 'gone from the remote' : distance(r.upstream.ahead, r.upstream.behind)}`);
    else if (r.kind !== 'long-lived') row('Upstream', 'none (not pushed yet)');
  }
  const c = r.changes;
  const changeParts = [c.staged ? `${c.staged} staged` : '', c.unstaged ? `${c.unstaged} unstaged` : '', c.untracked ? `${c.untracked} untracked` : '', c.conflicted ? `${c.conflicted} conflicted` : ''].filter(Boolean);
  row('Changes', changeParts.length ? changeParts.join(', ') : 'clean');
  if (r.pullRequests) {
    for (const target of r.targets) {
      const pr = r.pullRequests.find((p) => p.base === target);
      if (!pr) {
        row('PR', `none into ${clean(target)} yet`);
        continue;
      }
      row('PR', `#${pr.number} into ${clean(target)}${pr.draft ? ' (draft)' : ''}: ${clean(pr.title)}`);
      row('', pr.url);
      if (pr.checks) row('Checks', checkSummary(pr.checks));
    }
  }
  return lines;
}

/** One line of advice: what to do next. */
export function nextStep(r: StatusReport): string | undefined {
  if (r.detached) return 'Next: switch to a branch (`git switch -`), or start one with `npx flow feature start <issue>`.';
  if (r.kind === 'long-lived') return 'Next: start work with `npx flow feature start <issue>` (commits here are refused).';
  if (r.kind === 'bot') return undefined;
  if (r.ahead === 0) return 'Next: commit your work (`git commit`, or `npx flow commit`).';
  if (r.pullRequests && r.targets.some((t) => !r.pullRequests!.some((p) => p.base === t))) return 'Next: `npx flow pr` pushes the branch and opens its pull request.';
  if (!r.pullRequests && (r.ahead ?? 0) > 0 && (!r.upstream || (r.upstream.ahead ?? 0) > 0)) return 'Next: `npx flow pr` pushes the branch and opens its pull request.';
  return undefined;
}
