import type { FlowgateConfig } from '../config/types.js';
import { FlowError } from '../errors.js';

export interface RemoteInfo {
  provider: 'github' | 'gitlab';
  host: string;
  /** owner/repo (GitLab: group/sub/project) */
  repoPath: string;
  /** https://host/owner/repo */
  webUrl: string;
  /** API base, FLOWGATE_API_URL or forge.apiUrl used exactly as given */
  apiUrl: string;
}

export interface PullRequest {
  number: number;
  url: string;
  title: string;
  base: string;
  head: string;
  draft: boolean;
  state: string;
}

export interface Forge {
  findOpenPullRequest(head: string, base: string): Promise<PullRequest | undefined>;
  createPullRequest(p: { head: string; base: string; title: string; body: string; draft: boolean }): Promise<PullRequest>;
  issueTitle(issue: string): Promise<string | undefined>;
  pullRequestChecks(pr: PullRequest): Promise<{ name: string; status: string; conclusion: string | null }[]>;
}

/** From `git remote get-url origin` (or config.forge.*); undefined when unknown. */
export function resolveRemote(_cwd: string, _config: FlowgateConfig): RemoteInfo | undefined {
  return undefined;
}

/** GITHUB_TOKEN / GH_TOKEN (GitLab: GITLAB_TOKEN), then `gh auth token`, then `git credential fill`. */
export async function findToken(_remote: RemoteInfo): Promise<string | undefined> {
  return undefined;
}

/** Lazily imports Octokit / the GitLab client. */
export async function createForge(_remote: RemoteInfo, _token: string): Promise<Forge> {
  throw new FlowError('forge support is not finished yet in this build.');
}
