import type { FlowgateConfig } from '../config/types.js';
import { gitMaybe } from '../git/exec.js';
import { detectProvider, parseRemoteUrl as parseForgeUrl } from '../forge/remote-url.js';

/** Where a changelog links to: `https://host/owner/repo` split the way the writer wants it. */
export interface RepoLinks {
  provider: 'github' | 'gitlab';
  /** scheme and host, e.g. `https://github.com` */
  host: string;
  /** owner, or GitLab's group/subgroup */
  owner: string;
  repository: string;
  /** `https://host/owner/repo` */
  webUrl: string;
}

/**
 * The web location of a remote URL, read by the forge module's parser (`src/forge/remote-url.ts`):
 * ssh and git:// remotes are browsed over https; the port is kept for http(s) only. Undefined for
 * local paths, file URLs and single-segment paths. Pure.
 */
export function webLocation(url: string): { scheme: string; host: string; path: string } | undefined {
  const parsed = parseForgeUrl(url);
  if (!parsed || !parsed.path.includes('/')) return undefined;
  return {
    scheme: parsed.scheme === 'http' ? 'http' : 'https',
    host: parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname,
    path: parsed.path,
  };
}

/** `https://host` + `owner/repo` → the links; the owner keeps GitLab's group/subgroup path. */
function splitLinks(provider: RepoLinks['provider'], host: string, repoPath: string): RepoLinks {
  const slash = repoPath.lastIndexOf('/');
  return { provider, host, owner: repoPath.slice(0, slash), repository: repoPath.slice(slash + 1), webUrl: `${host}/${repoPath}` };
}

/** Links from a parsed remote (and config.forge overrides). Pure. */
export function linksFrom(parsed: { scheme: string; host: string; path: string } | undefined, config: FlowgateConfig): RepoLinks | undefined {
  const repoPath = config.forge.repo?.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '') ?? parsed?.path;
  if (!repoPath || !repoPath.includes('/')) return undefined;
  const hostName =
    config.forge.host?.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '') ??
    (config.forge.repo && !parsed ? (config.forge.provider === 'gitlab' ? 'gitlab.com' : 'github.com') : parsed?.host);
  if (!hostName) return undefined;
  const scheme = config.forge.host ? 'https' : (parsed?.scheme ?? 'https');
  const provider = detectProvider(hostName.replace(/:\d+$/, ''), config.forge.provider) ?? 'github';
  return splitLinks(provider, `${scheme}://${hostName}`, repoPath);
}

/**
 * The repository's web links, from the forge module's remote detection when it knows the
 * remote, else from `git remote get-url origin`. Undefined when the remote is unknown
 * (no origin, a local path): the changelog then has no links.
 */
export async function repoLinks(cwd: string, config: FlowgateConfig): Promise<RepoLinks | undefined> {
  const forge = await import('../forge/index.js');
  const remote = forge.resolveRemote(cwd, config);
  if (remote && remote.repoPath.includes('/')) {
    const webUrl = remote.webUrl.replace(/\/+$/, '');
    const host = webUrl.endsWith(`/${remote.repoPath}`) ? webUrl.slice(0, -remote.repoPath.length - 1) : `https://${remote.host}`;
    return splitLinks(remote.provider, host, remote.repoPath);
  }
  // the forge module could not tell (another forge, a bare host): read origin ourselves
  const url = gitMaybe(['remote', 'get-url', 'origin'], { cwd });
  return linksFrom(url ? webLocation(url) : undefined, config);
}
