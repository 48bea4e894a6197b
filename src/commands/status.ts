import { loadConfig } from '../config/load.js';
import { errorMessage } from '../errors.js';
import { formatStatus, nextStep, readStatus, type PullRequestStatus, type StatusReport } from '../flow/status.js';
import { json, result, sanitize, warn } from '../ui/output.js';
import { Repo } from '../git/repo.js';
import { withProgress } from '../ui/progress.js';
import type { FlowgateConfig } from '../config/types.js';
import { cwdOption } from './options.js';

export interface StatusOptions {
  json: boolean;
  cwd: string;
}

export function readOptions(raw: Record<string, unknown>): StatusOptions {
  return { json: Boolean(raw.json), cwd: cwdOption(raw) };
}

/** `flow status [--json]`: branch, type, issue, base, ahead/behind, upstream; the PR and its checks when a token is available. Read-only. */
export async function status(options: StatusOptions): Promise<number> {
  const repo = await Repo.open(options.cwd);
  const cwd = repo.root;
  const { config } = await loadConfig(options.cwd);
  const report = await readStatus(repo, config);
  const warnings: string[] = [];
  if (report.branch && report.targets.length > 0) {
    report.pullRequests = await lookUpPullRequests(cwd, report, config, (message) => warnings.push(message));
  }
  for (const w of warnings) warn(w);
  if (options.json) {
    json({ ...report, warnings });
    return 0;
  }
  const lines = formatStatus(report, sanitize);
  const next = nextStep(report);
  result([...lines, ...(next ? ['', next] : [])].join('\n'));
  return 0;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return status(readOptions(options));
}

async function lookUpPullRequests(
  cwd: string,
  report: StatusReport,
  config: FlowgateConfig,
  onWarning: (message: string) => void,
): Promise<PullRequestStatus[] | null> {
  const { connectForge, withTimeout, LOOKUP_TIMEOUT_MS } = await import('../flow/forge.js');
  const connection = await connectForge(cwd, config, (why) => onWarning(`could not reach the forge (${why}); the pull request is not shown.`));
  if (!connection) return null;
  const prs: PullRequestStatus[] = [];
  try {
    for (const base of report.targets) {
      const pr = await withProgress(`looking up the pull request into ${base}`, () => withTimeout(connection.forge.findOpenPullRequest(report.branch!, base), LOOKUP_TIMEOUT_MS, 'looking up the pull request'));
      if (!pr) continue;
      let checks: PullRequestStatus['checks'] = null;
      try {
        checks = await withProgress(`reading the checks of #${pr.number}`, () => withTimeout(connection.forge.pullRequestChecks(pr), LOOKUP_TIMEOUT_MS, 'reading the checks'));
      } catch (error) {
        onWarning(`could not read the checks of #${pr.number} (${errorMessage(error)}).`);
      }
      prs.push({ base, number: pr.number, url: pr.url, title: pr.title, draft: pr.draft, state: pr.state, checks });
    }
  } catch (error) {
    onWarning(`could not look up the pull request (${errorMessage(error)}).`);
    return null;
  }
  return prs;
}
