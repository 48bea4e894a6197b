import { loadConfig } from '../config/load.js';
import { errorMessage } from '../errors.js';
import { formatStatus, nextStep, readStatus, type PullRequestStatus, type StatusReport } from '../flow/status.js';
import { json, result, sanitize, warn } from '../ui/output.js';
import { requireWorkTree } from '../flow/worktree.js';

/** `flow status [--json]`: branch, type, issue, base, ahead/behind, upstream; the PR and its checks when a token is available. */
export async function run(options: Record<string, unknown>): Promise<number> {
  const cwd = typeof options.cwd === 'string' ? options.cwd : process.cwd();
  requireWorkTree(cwd);
  const { config } = await loadConfig(cwd);
  const report = readStatus(cwd, config);
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

async function lookUpPullRequests(
  cwd: string,
  report: StatusReport,
  config: Parameters<typeof readStatus>[1],
  onWarning: (message: string) => void,
): Promise<PullRequestStatus[] | null> {
  const { connectForge, withTimeout, LOOKUP_TIMEOUT_MS } = await import('../flow/forge.js');
  const connection = await connectForge(cwd, config, (why) => onWarning(`could not reach the forge (${why}); the pull request is not shown.`));
  if (!connection) return null;
  const prs: PullRequestStatus[] = [];
  try {
    for (const base of report.targets) {
      const pr = await withTimeout(connection.forge.findOpenPullRequest(report.branch!, base), LOOKUP_TIMEOUT_MS, 'looking up the pull request');
      if (!pr) continue;
      let checks: PullRequestStatus['checks'] = null;
      try {
        checks = await withTimeout(connection.forge.pullRequestChecks(pr), LOOKUP_TIMEOUT_MS, 'reading the checks');
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
