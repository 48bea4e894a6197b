/**
 * The forge's shared types, in a module of their own (no imports): the clients, the token and
 * error helpers and the commands all read them here, so src/forge has no import circle.
 */

export type Provider = 'github' | 'gitlab';

/** Where the forge and the repository are: one type for the remote and the coordinates. */
export interface RemoteInfo {
  provider: Provider;
  /** host[:port] of the web UI */
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
  /** the head commit, when the forge said */
  headSha?: string;
}

/** Who and what a new pull request gets besides its title and body (`gh pr create`'s metadata flags). */
export interface PullRequestMeta {
  /** user names; GitHub teams as `org/team` */
  reviewers: string[];
  assignees: string[];
  labels: string[];
  /** a milestone's title (or its number) */
  milestone?: string;
}

export interface NewPullRequest {
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

export interface Forge {
  /** The open PR from exactly `head` into exactly `base`, or undefined. */
  findOpenPullRequest(head: string, base: string): Promise<PullRequest | undefined>;
  createPullRequest(p: NewPullRequest): Promise<PullRequest>;
  /** The merged PRs from exactly `head`, into any base (`flow sync` prunes by them); throws the raw request error. */
  mergedPullRequests(head: string): Promise<PullRequest[]>;
  /** Add reviewers, assignees, labels and the milestone to a PR; throws FlowError naming what failed. */
  addMetadata(pr: PullRequest, meta: PullRequestMeta): Promise<void>;
  /** The issue's title; undefined when the issue does not exist or is not on this forge (ABC-123). Throws FlowError on auth or network failures. */
  issueTitle(issue: string): Promise<string | undefined>;
  pullRequestChecks(pr: PullRequest): Promise<{ name: string; status: string; conclusion: string | null }[]>;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** absolute URL under the API base */
  url: string;
  body?: unknown;
}

export interface ApiResponse {
  status: number;
  data: unknown;
}

export interface ForgeClient extends Forge {
  readonly remote: RemoteInfo;
  /** Send a planned request (used by `flow protect`); throws the raw request error. */
  send(req: ApiRequest): Promise<ApiResponse>;
  /** Every item of a list endpoint under the API base, all pages (GitHub only; used by `flow audit`); throws the raw request error. */
  list?(path: string): Promise<unknown[]>;
}
