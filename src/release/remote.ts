import type { FlowgateConfig } from '../config/types.js';
import { gitMaybe } from '../git/exec.js';

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
 * The web location of a remote URL: https, http, ssh://, git://, and scp-like `git@host:owner/repo`
 * forms; credentials and ports of ssh URLs are dropped. Undefined for local paths and file URLs. Pure.
 */
export function parseRemoteUrl(url: string): { scheme: string; host: string; path: string } | undefined {
  const text = url.trim();
  if (!text || text.startsWith('/') || text.startsWith('.') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('file:')) return undefined;
  let scheme = 'https';
  let host: string;
  let path: string;
  const full = text.match(/^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/:?#]+)(?::(\d+))?\/(.*)$/i);
  if (full) {
    const proto = full[1]!.toLowerCase();
    host = full[2]!;
    path = full[4]!;
    if (proto === 'http' || proto === 'https') {
      scheme = proto;
      if (full[3]) host = `${host}:${full[3]}`;
    } else if (!['ssh', 'git', 'git+ssh', 'ssh+git'].includes(proto)) {
      return undefined;
    }
  } else {
    // scp-like: [user@]host:path (no scheme, the colon before any slash)
    const scp = text.match(/^(?:[^@/]+@)?([^/:]+):(?!\/\/)(.+)$/);
    if (!scp) return undefined;
    host = scp[1]!;
    path = scp[2]!;
  }
  path = path.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').replace(/\/+$/, '');
  // GitLab SSH over a custom port writes `ssh://git@host:2222/group/repo`; scp-like paths may start with `~user/`.
  if (!host || !path.includes('/') || path.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return { scheme, host: host.toLowerCase(), path };
}

function providerOf(host: string, config: FlowgateConfig): 'github' | 'gitlab' {
  if (config.forge.provider) return config.forge.provider;
  return /(^|\.)gitlab\./.test(host) || host.startsWith('gitlab') ? 'gitlab' : 'github';
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
  const slash = repoPath.lastIndexOf('/');
  const host = `${scheme}://${hostName}`;
  return {
    provider: providerOf(hostName, config),
    host,
    owner: repoPath.slice(0, slash),
    repository: repoPath.slice(slash + 1),
    webUrl: `${host}/${repoPath}`,
  };
}

/**
 * The repository's web links, from the forge module's remote detection when it knows the
 * remote, else from `git remote get-url origin`. Undefined when the remote is unknown
 * (no origin, a local path): the changelog then has no links.
 */
export async function repoLinks(cwd: string, config: FlowgateConfig): Promise<RepoLinks | undefined> {
  try {
    const forge = await import('../forge/index.js');
    const remote = forge.resolveRemote(cwd, config);
    if (remote && remote.webUrl && remote.repoPath.includes('/')) {
      const webUrl = remote.webUrl.replace(/\/+$/, '');
      const host = webUrl.endsWith(`/${remote.repoPath}`) ? webUrl.slice(0, -remote.repoPath.length - 1) : `https://${remote.host}`;
      const slash = remote.repoPath.lastIndexOf('/');
      return {
        provider: remote.provider,
        host,
        owner: remote.repoPath.slice(0, slash),
        repository: remote.repoPath.slice(slash + 1),
        webUrl: `${host}/${remote.repoPath}`,
      };
    }
  } catch {
    // the forge module could not tell: read origin ourselves
  }
  const url = gitMaybe(['remote', 'get-url', 'origin'], { cwd });
  return linksFrom(url ? parseRemoteUrl(url) : undefined, config);
}
