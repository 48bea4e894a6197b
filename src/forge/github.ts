/**
 * GitHub and GitHub Enterprise through Octokit (loaded lazily), with a per-request deadline and a
 * small bounded retry of gateway errors. baseUrl is the API base exactly as resolved.
 */
import { createRequire } from 'node:module';
import { FlowError } from '../errors.js';
import { warn } from '../ui/output.js';
import type { ApiRequest, ApiResponse, ForgeClient, PullRequest, RemoteInfo } from './types.js';
import { AlreadyExistsError, NoCommitsError } from './client.js';
import { errorGuard, messageOf, statusOf, toFlowError } from './errors.js';
import { apiTimeout, notJsonError, timedFetch } from './http.js';

interface GhPull {
  number: number;
  html_url: string;
  title: string;
  draft?: boolean;
  state: string;
  base: { ref: string };
  head: { ref: string; sha?: string; label?: string };
  merged_at?: string | null;
}

function toPullRequest(p: GhPull): PullRequest {
  return { number: p.number, url: p.html_url, title: p.title, base: p.base.ref, head: p.head.ref, draft: Boolean(p.draft), state: p.state, headSha: p.head.sha };
}

export const GITHUB_API_VERSION = '2022-11-28';

function userAgent(): string {
  try {
    const pkg = createRequire(import.meta.url)('../../package.json') as { version?: string };
    return `flowgate/${pkg.version ?? '0'}`;
  } catch {
    return 'flowgate';
  }
}

export async function createGitHubForge(remote: RemoteInfo, token: string, tokenSource?: string): Promise<ForgeClient> {
  const [{ Octokit }, { retry }] = await Promise.all([import('@octokit/rest'), import('@octokit/plugin-retry')]);
  const RetryingOctokit = Octokit.plugin(retry);
  const octokit = new RetryingOctokit({
    auth: token,
    baseUrl: remote.apiUrl,
    userAgent: userAgent(),
    request: { fetch: timedFetch(apiTimeout()) },
    // Only gateway errors are worth a second try; 500 also marks "no answer at all" in Octokit.
    retry: { retries: 2, retryAfterBaseValue: 250, doNotRetry: [400, 401, 403, 404, 406, 409, 410, 422, 429, 451, 500] },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => warn(m), error: () => {} },
  });
  // The REST version flowgate is written against; GitHub answers 400 for a version it lacks.
  octokit.hook.before('request', (options) => {
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  // A 2xx answer that is not JSON (a proxy's or a network login page) did not come from the API.
  octokit.hook.after('request', (response, options) => {
    if (response.status === 204 || (typeof response.data === 'object' && response.data !== null)) return;
    throw notJsonError(options.method, response.url, response.status, response.headers as Record<string, string>, response.data);
  });
  const [owner = '', repo = ''] = remote.repoPath.split('/');
  const { ctx, guard } = errorGuard(remote, tokenSource);

  const findOpenPullRequest = (head: string, base: string) =>
    guard(`look up open pull requests from ${head} into ${base}`, 'read access to pull requests', async () => {
      const { data } = await octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${head}`, base, per_page: 100 });
      // Only a real match: a proxy or forge that ignores the filters must not make us "reuse" another branch's PR.
      const match = (data as GhPull[]).find((p) => p.head.ref === head && p.base.ref === base && (!p.head.label || p.head.label === `${owner}:${head}`));
      return match ? toPullRequest(match) : undefined;
    });

  return {
    remote,
    findOpenPullRequest,

    async mergedPullRequests(head) {
      const { data } = await octokit.rest.pulls.list({ owner, repo, state: 'closed', head: `${owner}:${head}`, per_page: 100 });
      return (data as GhPull[]).filter((p) => Boolean(p.merged_at) && p.head.ref === head).map(toPullRequest);
    },

    async createPullRequest(p) {
      const action = `open the pull request from ${p.head} into ${p.base}`;
      try {
        const { data } = await octokit.rest.pulls.create({ owner, repo, head: p.head, base: p.base, title: p.title, body: p.body, draft: p.draft });
        return toPullRequest(data as GhPull);
      } catch (error) {
        if (statusOf(error) === 422) {
          const said = messageOf(error);
          if (/already exists/i.test(said)) throw new AlreadyExistsError(p.head, p.base);
          if (/no commits between/i.test(said)) throw new NoCommitsError(p.head, p.base);
          if (/\bbase\b.*\binvalid\b|base.*does not exist/i.test(said)) {
            throw new FlowError(`GitHub has no branch ${p.base} in ${remote.repoPath} to open the pull request into (422); push ${p.base} first or choose another with --base.`);
          }
          if (/\bhead\b.*\binvalid\b|head.*does not exist/i.test(said)) {
            throw new FlowError(`GitHub does not know branch ${p.head} in ${remote.repoPath} (422); push it first (run the command without --no-push).`);
          }
        }
        throw toFlowError(error, ctx(action, 'write access to pull requests ("Pull requests: write", or the repo scope)'));
      }
    },

    /** gh's metadata calls: requested_reviewers on the pull, assignees, labels and milestone on its issue. */
    async addMetadata(pr, meta) {
      const n = pr.number;
      const write = 'write access to pull requests and issues';
      if (meta.reviewers.length) {
        const teams = meta.reviewers.filter((r) => r.includes('/')).map((r) => r.slice(r.indexOf('/') + 1));
        const users = meta.reviewers.filter((r) => !r.includes('/'));
        await guard(`request reviews from ${meta.reviewers.join(', ')} on #${n}`, write, () =>
          octokit.rest.pulls.requestReviewers({ owner, repo, pull_number: n, reviewers: users, team_reviewers: teams }),
        );
      }
      if (meta.assignees.length) {
        await guard(`assign ${meta.assignees.join(', ')} to #${n}`, write, () => octokit.rest.issues.addAssignees({ owner, repo, issue_number: n, assignees: meta.assignees }));
      }
      if (meta.labels.length) {
        await guard(`add the labels ${meta.labels.join(', ')} to #${n}`, write, () => octokit.rest.issues.addLabels({ owner, repo, issue_number: n, labels: meta.labels }));
      }
      if (meta.milestone) {
        const wanted = meta.milestone;
        const number = await guard(`find the milestone ${wanted}`, 'read access to issues', async () => {
          const { data } = await octokit.rest.issues.listMilestones({ owner, repo, state: 'open', per_page: 100 });
          return data.find((m) => m.title === wanted)?.number ?? (/^\d+$/.test(wanted) ? Number(wanted) : undefined);
        });
        if (number === undefined) throw new FlowError(`GitHub has no open milestone '${wanted}' in ${remote.repoPath}; create it, or give another --milestone.`);
        await guard(`set the milestone of #${n}`, write, () => octokit.rest.issues.update({ owner, repo, issue_number: n, milestone: number }));
      }
    },

    async issueTitle(issue) {
      if (!/^\d+$/.test(issue)) return undefined; // tracker keys (ABC-123) live outside GitHub
      try {
        const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: Number(issue) });
        return data.title;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || status === 410) return undefined;
        throw toFlowError(error, ctx(`read issue #${issue}`, 'read access to issues'));
      }
    },

    pullRequestChecks: (pr) =>
      guard(`read the checks of pull request #${pr.number}`, 'read access to checks and commit statuses', async () => {
        const ref = pr.headSha ?? pr.head;
        const [runs, statuses] = await Promise.all([
          octokit.rest.checks.listForRef({ owner, repo, ref, per_page: 100 }),
          octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref, per_page: 100 }),
        ]);
        const out: { name: string; status: string; conclusion: string | null }[] = runs.data.check_runs.map((r) => ({
          name: r.name,
          status: r.status,
          conclusion: r.conclusion ?? null,
        }));
        for (const s of statuses.data.statuses) {
          out.push({ name: s.context, status: s.state === 'pending' ? 'in_progress' : 'completed', conclusion: s.state === 'pending' ? null : s.state });
        }
        return out;
      }),

    /** A planned request as is (absolute URL); throws the raw error so the caller can read its status. */
    async send(req: ApiRequest): Promise<ApiResponse> {
      const response = await octokit.request(`${req.method} ${req.url}`, req.body === undefined ? {} : { data: req.body });
      return { status: response.status, data: response.data as unknown };
    },

    /** Every item of a list endpoint (`/repos/o/r/…`), all pages (Octokit follows the Link headers); throws the raw error. */
    list: (path: string) => octokit.paginate(`GET ${path}`, { per_page: 100 }) as Promise<unknown[]>,
  };
}
