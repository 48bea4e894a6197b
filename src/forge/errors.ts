/**
 * Forge failures → one sentence naming the problem and the next step (FlowError, exit 2).
 * Never includes the token; URLs are shown without credentials (redact() masks the rest).
 */
import { FlowError } from '../errors.js';
import type { RemoteInfo } from './types.js';
import { ForgeRequestError, apiTimeout, normaliseError, serverMessage, type NetworkInfo } from './http.js';

export interface ErrorContext {
  remote: Pick<RemoteInfo, 'provider' | 'host' | 'repoPath' | 'apiUrl'>;
  /** what we were doing, as a verb phrase: "open the pull request into develop" */
  action: string;
  /** where the token came from (GITHUB_TOKEN, gh auth token…) */
  tokenSource?: string;
  /** the permission the action needs, for 403: "write access to pull requests" */
  permission?: string;
}

export function forgeName(remote: Pick<RemoteInfo, 'provider' | 'host'>): string {
  if (remote.provider === 'gitlab') return remote.host === 'gitlab.com' ? 'GitLab' : `GitLab (${remote.host})`;
  return remote.host === 'github.com' ? 'GitHub' : `GitHub Enterprise (${remote.host})`;
}

export function tokenAdvice(remote: Pick<RemoteInfo, 'provider' | 'host'>): string {
  if (remote.provider === 'gitlab') return 'set GITLAB_TOKEN to a personal access token with the api scope';
  const login = remote.host === 'github.com' ? '`gh auth login`' : `\`gh auth login --hostname ${remote.host}\``;
  return `set GITHUB_TOKEN (or GH_TOKEN) to a valid token, or run ${login}`;
}

function reasonOf(network: NetworkInfo): string {
  if (network.timedOut) return `no answer within ${Math.round(apiTimeout() / 100) / 10} s`;
  switch (network.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'CERT_HAS_EXPIRED':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'TLS certificate not trusted';
    default:
      return network.code ?? network.detail ?? 'network error';
  }
}

function resetTime(headers: Record<string, string>, now = Date.now()): string | undefined {
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) {
    const at = new Date(reset * 1000);
    const minutes = Math.max(1, Math.ceil((at.getTime() - now) / 60000));
    return `at ${at.toISOString().slice(11, 16)} UTC (in ${minutes} min)`;
  }
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after > 0) return `in ${Math.ceil(after)} s`;
  return undefined;
}

/** Turn anything a forge call threw into a FlowError. Non-forge errors pass through unchanged. */
export function toFlowError(error: unknown, ctx: ErrorContext): Error {
  if (error instanceof FlowError) return error;
  const e = normaliseError(error, { method: '?', url: ctx.remote.apiUrl });
  if (!e) return error instanceof Error ? error : new Error(String(error));
  return new FlowError(describe(e, ctx));
}

export function describe(e: ForgeRequestError, ctx: ErrorContext): string {
  const name = forgeName(ctx.remote);
  const repo = ctx.remote.repoPath;
  if (e.status === undefined) {
    const why = reasonOf(e.network ?? { timedOut: false });
    return `Cannot reach the ${name} API at ${ctx.remote.apiUrl} (${why}) to ${ctx.action}; check the network, or FLOWGATE_API_URL / forge.apiUrl, and run the command again.`;
  }
  if (e.notJson) {
    return `The ${name} API at ${ctx.remote.apiUrl} answered ${e.status} with something that is not JSON (an HTML page from a proxy or a network login page?) while trying to ${ctx.action}; check the network, or FLOWGATE_API_URL / forge.apiUrl, and run the command again.`;
  }
  const said = serverMessage(e.data);
  const from = ctx.tokenSource ? ` from ${ctx.tokenSource}` : '';
  switch (e.status) {
    case 401:
      return `${name} rejected the token${from} as invalid or expired (401) while trying to ${ctx.action}; ${tokenAdvice(ctx.remote)}.`;
    case 403:
    case 429: {
      const remaining = e.headers['x-ratelimit-remaining'];
      const secondary = /rate limit/i.test(said);
      if (e.status === 429 || remaining === '0' || secondary) {
        const when = resetTime(e.headers);
        return `The ${name} API rate limit is exhausted (${e.status})${when ? `; it resets ${when}` : ''}; wait and run the command again, or use an authenticated token with a higher limit.`;
      }
      const sso = e.headers['x-github-sso'];
      if (sso) {
        const url = /url=([^\s;]+)/.exec(sso)?.[1];
        return `The token${from} is not authorized for this organization's SAML single sign-on (403); authorize it${url ? ` at ${url}` : ' in your token settings'} and run the command again.`;
      }
      return `${name} refused to ${ctx.action} on ${repo} (403${said ? `: ${said}` : ''}); give the token${from} ${ctx.permission ?? 'write access to the repository'}.`;
    }
    case 404:
      return `Repository ${repo} was not found at ${ctx.remote.apiUrl}, or the token${from} cannot see it (404); check origin's URL or forge.repo, and that the token has access to the repository.`;
    case 409:
    case 422:
      return `${name} refused to ${ctx.action} (${e.status}${said ? `: ${said}` : ''}); fix the request and run the command again.`;
    default:
      if (e.status >= 500) {
        return `${name} had a server error (${e.status}) while trying to ${ctx.action}; wait a moment and run the command again.`;
      }
      return `${name} answered ${e.status} while trying to ${ctx.action}${said ? ` (${said})` : ''}; check the request and run the command again.`;
  }
}

/** `ctx` builds the ErrorContext for an action; `guard` runs a call and turns what it throws into that sentence. */
export function errorGuard(remote: ErrorContext['remote'], tokenSource?: string) {
  const ctx = (action: string, permission?: string): ErrorContext => ({ remote, action, tokenSource, permission });
  const guard = async <T>(action: string, permission: string | undefined, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toFlowError(error, ctx(action, permission));
    }
  };
  return { ctx, guard };
}

/** The status code of a forge error, if it is one with an answer. */
export function statusOf(error: unknown): number | undefined {
  return normaliseError(error, { method: '?', url: '' })?.status;
}

/** The server's message of a forge error with an answer. */
export function messageOf(error: unknown): string {
  const e = normaliseError(error, { method: '?', url: '' });
  return e ? serverMessage(e.data) : '';
}
