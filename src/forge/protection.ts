/**
 * Branch protection as data: the exact requests `flow protect` sends (and prints with --dry-run).
 * Pure; the command executes the plan.
 */
import { REQUIRED_CHECKS } from '../templates/jobs.js';
import type { ApiRequest } from './client.js';
import type { RemoteInfo } from './index.js';
import { projectId } from './gitlab.js';

/** The status checks required before merging: the generated workflows' job names. */
export { REQUIRED_CHECKS };

/** GitHub `PUT /repos/{owner}/{repo}/branches/{branch}/protection` body: the same for every branch. */
export function githubProtectionBody(checks: string[] = REQUIRED_CHECKS) {
  return {
    required_status_checks: { strict: true, contexts: [...checks] },
    enforce_admins: true,
    required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 1 },
    restrictions: null,
    allow_force_pushes: false,
    allow_deletions: false,
  };
}

/** GitLab `POST /projects/:id/protected_branches` body: nobody pushes, developers merge, no force push. */
export function gitlabProtectionBody(branch: string) {
  return { name: branch, push_access_level: 0, merge_access_level: 30, allow_force_push: false };
}

export interface ProtectionStep {
  branch: string;
  request: ApiRequest;
}

/** One request per branch, in the order given. */
export function planProtection(remote: Pick<RemoteInfo, 'provider' | 'repoPath' | 'apiUrl'>, branches: string[], checks: string[] = REQUIRED_CHECKS): ProtectionStep[] {
  return branches.map((branch) => {
    if (remote.provider === 'gitlab') {
      return {
        branch,
        request: { method: 'POST', url: `${remote.apiUrl}/projects/${projectId(remote.repoPath)}/protected_branches`, body: gitlabProtectionBody(branch) },
      };
    }
    const [owner = '', repo = ''] = remote.repoPath.split('/');
    return {
      branch,
      request: {
        method: 'PUT',
        url: `${remote.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/branches/${encodeURIComponent(branch)}/protection`,
        body: githubProtectionBody(checks),
      },
    };
  });
}

/** GitLab answers 409 when the branch is protected already: unprotect, then protect with our settings. */
export function gitlabUnprotect(remote: Pick<RemoteInfo, 'repoPath' | 'apiUrl'>, branch: string): ApiRequest {
  return { method: 'DELETE', url: `${remote.apiUrl}/projects/${projectId(remote.repoPath)}/protected_branches/${encodeURIComponent(branch)}` };
}

/** How a planned request reads in --dry-run: method and URL, then the JSON body. */
export function formatRequest(req: ApiRequest): string {
  const head = `${req.method} ${req.url}`;
  return req.body === undefined ? head : `${head}\n${JSON.stringify(req.body, null, 2)}`;
}
