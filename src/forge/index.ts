/**
 * The forge behind origin: where it is (resolveRemote), how to authenticate (findTokenSource), and a
 * small client for pull requests (createForge). GitHub goes through Octokit, GitLab through
 * fetch; both load only when called.
 */
import { spawnSync } from 'node:child_process';
import type { FlowgateConfig } from '../config/types.js';
import { registerSecret } from '../core/redact.js';
import { gitMaybe } from '../git/exec.js';
import type { ForgeClient, RemoteInfo } from './types.js';
import { forgeCoordinates, parseRemoteUrl } from './remote-url.js';

export type { Provider, RemoteInfo, PullRequest, PullRequestMeta, NewPullRequest, Forge, ForgeClient, ApiRequest, ApiResponse } from './types.js';

export { AlreadyExistsError, NoCommitsError } from './client.js';
export { compareUrl, parseRemoteUrl, forgeCoordinates } from './remote-url.js';

const WELL_KNOWN = new Set(['github.com', 'gitlab.com', 'ssh.github.com', 'altssh.gitlab.com']);

/**
 * An SSH host alias (`git@work:acme/app.git` with `Host work` → `HostName github.com` in
 * ~/.ssh/config) resolved by asking ssh itself: `ssh -G` prints the effective config, no connection.
 */
export function resolveSshAlias(host: string, env: NodeJS.ProcessEnv = process.env): string {
  if (WELL_KNOWN.has(host)) return host;
  const r = spawnSync('ssh', ['-G', '--', host], { encoding: 'utf8', timeout: 2000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'ignore'], env });
  if (r.error || r.status !== 0) return host;
  const line = r.stdout.split('\n').find((l) => l.toLowerCase().startsWith('hostname '));
  const resolved = line?.slice('hostname '.length).trim().toLowerCase();
  return resolved && /^[a-z0-9.-]+$/.test(resolved) ? resolved : host;
}

/** origin's URL as git reports it (insteadOf applied), or undefined when there is no origin. */
export function originUrl(cwd: string): string | undefined {
  const url = gitMaybe(['remote', 'get-url', 'origin'], { cwd });
  return url?.trim() || undefined;
}

/** From `git remote get-url origin` (or config.forge.*; `known`: that URL, when the caller read it already); undefined when unknown. */
export function resolveRemote(cwd: string, config: FlowgateConfig, known?: { originUrl: string | undefined }): RemoteInfo | undefined {
  // git's answer applies insteadOf (shorthands such as `gh:acme/app`); when that leads nowhere we
  // know (a local mirror standing in for the forge), the URL as configured still names the forge.
  const resolved = known ? known.originUrl : originUrl(cwd);
  const configured = gitMaybe(['config', '--get', 'remote.origin.url'], { cwd })?.trim() || undefined;
  const candidates = [resolved, ...(configured && configured !== resolved ? [configured] : [])];
  for (const candidate of candidates) {
    const coords = coordinatesFor(candidate, config);
    if (coords) return coords;
  }
  return undefined;
}

function coordinatesFor(url: string | undefined, config: FlowgateConfig): RemoteInfo | undefined {
  const parsed = url ? parseRemoteUrl(url) : undefined;
  if (parsed?.secret) registerSecret(parsed.secret);
  let effective = url;
  if (url && parsed && parsed.scheme === 'ssh' && !config.forge.host) {
    const real = resolveSshAlias(parsed.hostname);
    if (real !== parsed.hostname) effective = `ssh://${real}/${parsed.path}.git`;
  }
  return forgeCoordinates(effective, config.forge, process.env.FLOWGATE_API_URL);
}

/** GITHUB_TOKEN / GH_TOKEN (GitLab: GITLAB_TOKEN), then `gh auth token`, then `git credential fill`; registered as a secret. */
export { findTokenSource } from './token.js';

/** Lazily imports Octokit (GitHub) or the fetch-based GitLab client. */
export async function createForge(remote: RemoteInfo, token: string, tokenSource?: string): Promise<ForgeClient> {
  registerSecret(token);
  if (remote.provider === 'gitlab') {
    const { createGitLabForge } = await import('./gitlab.js');
    return createGitLabForge(remote, token, tokenSource);
  }
  const { createGitHubForge } = await import('./github.js');
  return createGitHubForge(remote, token, tokenSource);
}
