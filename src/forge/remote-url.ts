/**
 * Remote URLs → forge coordinates. Pure: no git, no network, no environment.
 *
 * Accepted forms (what `git remote get-url origin` can print):
 *   https://[user[:password]@]host[:port]/owner/repo[.git][/]
 *   http://…                                   (self-hosted, kept as http)
 *   ssh://[user@]host[:port]/owner/repo[.git]  (also git+ssh://, ssh+git://)
 *   [user@]host:owner/repo[.git]               (scp-like)
 *   git://host/owner/repo[.git]
 * Credentials in a URL are dropped here and never reach the result.
 */
import type { ForgeConfig } from '../config/types.js';

import type { Provider, RemoteInfo } from './types.js';


export interface ParsedRemoteUrl {
  /** how git talks to it; ssh and git:// remotes are browsed over https */
  scheme: 'https' | 'http' | 'ssh' | 'git';
  /** host name, lower-case, without port */
  hostname: string;
  /** port as written, only kept for http(s) */
  port?: string;
  /** `owner/repo` or `group/sub/project`: no leading or trailing `/`, no `.git` */
  path: string;
  /** the password or token found in the URL, so the caller can mask it; never used */
  secret?: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Parse a git remote URL. Undefined for local paths, file:// URLs and anything unreadable. */
export function parseRemoteUrl(input: string): ParsedRemoteUrl | undefined {
  const url = input.trim();
  if (url === '') return undefined;
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme) {
    let kind: ParsedRemoteUrl['scheme'];
    if (scheme === 'https' || scheme === 'http') kind = scheme;
    else if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') kind = 'ssh';
    else if (scheme === 'git') kind = 'git';
    else return undefined; // file://, ext::, unknown transports
    const rest = url.slice(scheme.length + 3);
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    const authority = rest.slice(0, slash);
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : '';
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const { hostname, port } = splitHostPort(hostPort);
    if (!hostname) return undefined;
    const path = cleanPath(rest.slice(slash + 1).split(/[?#]/, 1)[0] ?? '');
    if (!path) return undefined;
    const colon = userinfo.indexOf(':');
    // `user:password@` → the password; a lone long user part is usually a token (`https://ghp_…@github.com`).
    const secret = colon >= 0 ? safeDecode(userinfo.slice(colon + 1)) : userinfo.length >= 20 ? safeDecode(userinfo) : '';
    const parsed: ParsedRemoteUrl = { scheme: kind, hostname, path };
    if (port && (kind === 'https' || kind === 'http')) parsed.port = port;
    if (secret && secret !== 'git') parsed.secret = secret;
    return parsed;
  }
  // scp-like: [user@]host:path — git's rule: a colon before the first slash, and not a drive letter.
  const colon = url.indexOf(':');
  const firstSlash = url.indexOf('/');
  if (colon <= 0 || (firstSlash >= 0 && firstSlash < colon)) return undefined;
  const authority = url.slice(0, colon);
  const at = authority.lastIndexOf('@');
  const hostname = (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase();
  if (hostname.length < 2 || !/^[a-z0-9._-]+$/.test(hostname)) return undefined;
  const path = cleanPath(url.slice(colon + 1));
  if (!path) return undefined;
  return { scheme: 'ssh', hostname, path };
}

function splitHostPort(hostPort: string): { hostname: string; port?: string } {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    const hostname = hostPort.slice(0, end + 1).toLowerCase();
    const port = hostPort.slice(end + 1).replace(/^:/, '');
    return port ? { hostname, port } : { hostname };
  }
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0) return { hostname: hostPort.toLowerCase() };
  const port = hostPort.slice(colon + 1);
  return port && /^\d+$/.test(port) ? { hostname: hostPort.slice(0, colon).toLowerCase(), port } : { hostname: hostPort.slice(0, colon).toLowerCase() };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function cleanPath(raw: string): string {
  const segments = safeDecode(raw)
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.startsWith('~'))) return '';
  const last = segments.length - 1;
  if (last >= 0) segments[last] = segments[last]!.replace(/\.git$/i, '');
  if (segments[last] === '') segments.pop();
  return segments.join('/');
}

/** Hosts that are forges flowgate does not speak to: no guessing "github" for them. */
const OTHER_FORGES = [/(^|\.)bitbucket\.org$/, /(^|\.)dev\.azure\.com$/, /\.visualstudio\.com$/, /(^|\.)codeberg\.org$/, /(^|\.)gitea\.com$/, /(^|\.)sr\.ht$/];

/** SSH endpoints that stand for a forge's web host. */
const SSH_ALIASES: Record<string, string> = { 'ssh.github.com': 'github.com', 'altssh.gitlab.com': 'gitlab.com' };

/** The forge behind a host: configured provider first, then a host containing "gitlab", else GitHub (Enterprise). */
export function detectProvider(hostname: string, configured?: Provider): Provider | undefined {
  if (configured) return configured;
  if (/gitlab/i.test(hostname)) return 'gitlab';
  if (OTHER_FORGES.some((re) => re.test(hostname))) return undefined;
  if (hostname === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return undefined;
  return 'github';
}

/** The default API base for a forge host (FLOWGATE_API_URL / forge.apiUrl win over it). */
export function defaultApiUrl(provider: Provider, webOrigin: string, host: string): string {
  if (provider === 'github') return host === 'github.com' ? 'https://api.github.com' : `${webOrigin}/api/v3`;
  return `${webOrigin}/api/v4`;
}

/**
 * Combine origin's URL (maybe absent), the `forge` config and FLOWGATE_API_URL into the
 * forge coordinates; undefined when the forge or the repository cannot be told.
 */
export function forgeCoordinates(remoteUrl: string | undefined, forge: ForgeConfig, envApiUrl?: string): RemoteInfo | undefined {
  const parsed = remoteUrl ? parseRemoteUrl(remoteUrl) : undefined;
  const configuredHost = forge.host?.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  let scheme: 'https' | 'http' = parsed?.scheme === 'http' ? 'http' : 'https';
  let host: string | undefined;
  if (configuredHost) host = configuredHost.toLowerCase();
  else if (parsed) {
    const name = SSH_ALIASES[parsed.hostname] ?? parsed.hostname;
    host = parsed.port && (parsed.scheme === 'https' || parsed.scheme === 'http') ? `${name}:${parsed.port}` : name;
  }
  if (forge.host && /^http:\/\//i.test(forge.host)) scheme = 'http';
  const repoPath = (forge.repo ? cleanPath(forge.repo) : '') || parsed?.path;
  if (!host && forge.repo) host = forge.provider === 'gitlab' ? 'gitlab.com' : 'github.com';
  if (!host || !repoPath) return undefined;
  const provider = detectProvider(host.replace(/:\d+$/, ''), forge.provider);
  if (!provider) return undefined;
  const segments = repoPath.split('/');
  if (segments.length < 2) return undefined;
  if (provider === 'github' && segments.length !== 2) return undefined;
  const webOrigin = `${scheme}://${host}`;
  const explicitApi = envApiUrl?.trim() || forge.apiUrl?.trim();
  const apiUrl = explicitApi ? explicitApi.replace(/\/+$/, '') : defaultApiUrl(provider, webOrigin, host);
  return { provider, host, repoPath, webUrl: `${webOrigin}/${repoPath}`, apiUrl };
}

/** A branch name inside a URL path or query: every special character escaped, `/` kept readable. */
export function encodeBranch(name: string): string {
  return encodeURIComponent(name).replace(/%2F/gi, '/');
}

/**
 * The page that opens a pull/merge request by hand (no token, or `--web`); with `fill`, the
 * form arrives with the title and body filled in (and GitHub's draft choice).
 */
export function compareUrl(
  remote: { provider: Provider; webUrl: string },
  base: string,
  head: string,
  fill: { title?: string; body?: string; draft?: boolean } = {},
): string {
  const extra = (pairs: [string, string | undefined][]) =>
    pairs
      .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '')
      .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
      .join('');
  if (remote.provider === 'gitlab') {
    return `${remote.webUrl}/-/merge_requests/new?merge_request[source_branch]=${encodeBranch(head)}&merge_request[target_branch]=${encodeBranch(base)}${extra([
      ['merge_request[title]', fill.title && fill.draft ? `Draft: ${fill.title}` : fill.title],
      ['merge_request[description]', fill.body],
    ])}`;
  }
  return `${remote.webUrl}/compare/${encodeBranch(base)}...${encodeBranch(head)}?expand=1${extra([
    ['title', fill.title],
    ['body', fill.body],
    ['draft', fill.draft ? '1' : undefined],
  ])}`;
}
