/**
 * GitLab merge requests through the REST API v4 with plain fetch (no client library needed).
 * The project id is the URL-encoded path (`group%2Fsub%2Fproject`); auth is the PRIVATE-TOKEN header.
 */
import type { ApiRequest, ApiResponse, ForgeClient, PullRequest, RemoteInfo } from './types.js';
import { AlreadyExistsError } from './client.js';
import { errorGuard, messageOf, statusOf, toFlowError } from './errors.js';
import { jsonRequest } from './http.js';
import { FlowError } from '../errors.js';

interface GlMergeRequest {
  iid: number;
  web_url: string;
  title: string;
  source_branch: string;
  target_branch: string;
  draft?: boolean;
  work_in_progress?: boolean;
  state: string;
  sha?: string;
}

function toPullRequest(mr: GlMergeRequest): PullRequest {
  return {
    number: mr.iid,
    url: mr.web_url,
    title: mr.title,
    base: mr.target_branch,
    head: mr.source_branch,
    draft: Boolean(mr.draft ?? mr.work_in_progress),
    state: mr.state === 'opened' ? 'open' : mr.state,
    headSha: mr.sha,
  };
}

export function projectId(repoPath: string): string {
  return encodeURIComponent(repoPath);
}

/** GitLab job status → GitHub-style status/conclusion, so `flow status` reads both alike. */
export function jobState(status: string): { status: string; conclusion: string | null } {
  switch (status) {
    case 'success':
      return { status: 'completed', conclusion: 'success' };
    case 'failed':
      return { status: 'completed', conclusion: 'failure' };
    case 'canceled':
    case 'canceling':
      return { status: 'completed', conclusion: 'cancelled' };
    case 'skipped':
      return { status: 'completed', conclusion: 'skipped' };
    case 'manual':
      return { status: 'completed', conclusion: 'action_required' };
    case 'running':
      return { status: 'in_progress', conclusion: null };
    default:
      return { status: 'queued', conclusion: null };
  }
}

export async function createGitLabForge(remote: RemoteInfo, token: string, tokenSource?: string): Promise<ForgeClient> {
  const base = `${remote.apiUrl}/projects/${projectId(remote.repoPath)}`;
  const headers = { 'PRIVATE-TOKEN': token, 'user-agent': 'flowgate' };
  const call = <T>(method: ApiRequest['method'], url: string, body?: unknown) => jsonRequest<T>(method, url, { headers, body });
  const { ctx, guard } = errorGuard(remote, tokenSource);

  const findOpenPullRequest = (head: string, target: string) =>
    guard(`look up open merge requests from ${head} into ${target}`, 'the api or read_api scope', async () => {
      const query = new URLSearchParams({ state: 'opened', source_branch: head, target_branch: target });
      const { data } = await call<GlMergeRequest[]>('GET', `${base}/merge_requests?${query}`);
      const list = Array.isArray(data) ? data : [];
      const match = list.find((mr) => mr.source_branch === head && mr.target_branch === target);
      return match ? toPullRequest(match) : undefined;
    });

  return {
    remote,
    findOpenPullRequest,

    async mergedPullRequests(head) {
      const query = new URLSearchParams({ state: 'merged', source_branch: head, per_page: '100' });
      const { data } = await call<GlMergeRequest[]>('GET', `${base}/merge_requests?${query}`);
      return (Array.isArray(data) ? data : []).map(toPullRequest);
    },

    async createPullRequest(p) {
      const title = p.draft && !/^(draft:|\[draft\]|\(draft\))/i.test(p.title) ? `Draft: ${p.title}` : p.title;
      try {
        const { data } = await call<GlMergeRequest>('POST', `${base}/merge_requests`, {
          source_branch: p.head,
          target_branch: p.base,
          title,
          description: p.body,
        });
        return toPullRequest(data);
      } catch (error) {
        const status = statusOf(error);
        const said = messageOf(error);
        if ((status === 409 || status === 422) && /already exists/i.test(said)) throw new AlreadyExistsError(p.head, p.base);
        if ((status === 400 || status === 404 || status === 422) && /branch.*(does not exist|not found)|invalid.*branch/i.test(said)) {
          throw new FlowError(`GitLab refused the merge request from ${p.head} into ${p.base} (${status}: ${said}); push both branches (run without --no-push) or choose another --base.`);
        }
        throw toFlowError(error, ctx(`open the merge request from ${p.head} into ${p.base}`, 'the api scope and at least the Developer role'));
      }
    },

    /** GitLab takes ids: users and the milestone are looked up, then the merge request is updated once. */
    async addMetadata(pr, meta) {
      const userId = (name: string) =>
        guard(`find the GitLab user ${name}`, 'the read_api scope', async () => {
          const { data } = await call<{ id: number; username: string }[]>('GET', `${remote.apiUrl}/users?${new URLSearchParams({ username: name.replace(/^@/, '') })}`);
          const id = (Array.isArray(data) ? data : [])[0]?.id;
          if (id === undefined) throw new FlowError(`GitLab has no user '${name}'; check the name given to --reviewer or --assignee.`);
          return id;
        });
      const update: Record<string, unknown> = {};
      if (meta.reviewers.length) update.reviewer_ids = await Promise.all(meta.reviewers.map(userId));
      if (meta.assignees.length) update.assignee_ids = await Promise.all(meta.assignees.map(userId));
      if (meta.labels.length) update.add_labels = meta.labels.join(',');
      if (meta.milestone) {
        const wanted = meta.milestone;
        const { data } = await guard(`find the milestone ${wanted}`, 'the read_api scope', () =>
          call<{ id: number; title: string }[]>('GET', `${base}/milestones?${new URLSearchParams({ title: wanted, state: 'active' })}`),
        );
        const id = (Array.isArray(data) ? data : []).find((m) => m.title === wanted)?.id;
        if (id === undefined) throw new FlowError(`GitLab has no active milestone '${wanted}' in ${remote.repoPath}; create it, or give another --milestone.`);
        update.milestone_id = id;
      }
      if (Object.keys(update).length === 0) return;
      await guard(`update merge request !${pr.number}`, 'the api scope and at least the Developer role', () => call('PUT', `${base}/merge_requests/${pr.number}`, update));
    },

    async issueTitle(issue) {
      if (!/^\d+$/.test(issue)) return undefined;
      try {
        const { data } = await call<{ title: string }>('GET', `${base}/issues/${issue}`);
        return data.title;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw toFlowError(error, ctx(`read issue #${issue}`, 'the read_api scope'));
      }
    },

    pullRequestChecks: (pr) =>
      guard(`read the pipeline of merge request !${pr.number}`, 'the read_api scope', async () => {
        const { data: pipelines } = await call<{ id: number }[]>('GET', `${base}/merge_requests/${pr.number}/pipelines`);
        const latest = Array.isArray(pipelines) ? pipelines[0] : undefined;
        if (!latest) return [];
        const { data: jobs } = await call<{ name: string; status: string }[]>('GET', `${base}/pipelines/${latest.id}/jobs?per_page=100`);
        return (Array.isArray(jobs) ? jobs : []).map((j) => ({ name: j.name, ...jobState(j.status) }));
      }),

    async send(req: ApiRequest): Promise<ApiResponse> {
      const { status, data } = await call(req.method, req.url, req.body);
      return { status, data };
    },
  };
}
