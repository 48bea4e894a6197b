/**
 * The forge's HTTP layer: a fetch with a deadline (used by Octokit and the GitLab client alike),
 * and one normalised error shape so every failure becomes one sentence with the next step.
 */
import { sanitize } from '../ui/output.js';

/** Per-request deadline: FLOWGATE_API_TIMEOUT (milliseconds), default 10 s. */
export function apiTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.FLOWGATE_API_TIMEOUT);
  return Number.isFinite(value) && value > 0 ? value : 10_000;
}

/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * globalThis.fetch with a deadline on every request (kept when the caller passes its own signal).
 * The body is read before the response is handed on, under the same deadline: a server that sends
 * the headers and then stalls fails as a timeout (Octokit would swallow a failed body read).
 */
export function timedFetch(timeoutMs: number): typeof fetch {
  return async (input, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const response = await (await transport())(input, { ...init, signal });
    const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
    const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(copy, 'url', { value: response.url });
    return copy;
  };
}

/** A proxy from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), which Node 20's fetch ignores. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => Boolean(env[k]));
}

let proxied: Promise<typeof fetch> | undefined;

/** The global fetch, or undici's with its environment proxy agent (loaded only when a proxy is set). */
function transport(): Promise<typeof fetch> {
  if (!proxyConfigured()) return Promise.resolve(fetch);
  proxied ??= import('undici').then(({ fetch: undiciFetch, EnvHttpProxyAgent }) => {
    const dispatcher = new EnvHttpProxyAgent();
    return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
  });
  return proxied;
}

export interface NetworkInfo {
  code?: string;
  timedOut: boolean;
  /** the underlying error's words when there is no code */
  detail?: string;
}

/** A failed forge request: an HTTP answer (status set) or no answer at all (network set). */
export class ForgeRequestError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    readonly status?: number,
    readonly headers: Record<string, string> = {},
    readonly data?: unknown,
    readonly network?: NetworkInfo,
  ) {
    super(message);
    this.name = 'ForgeRequestError';
  }

  /** a 2xx answer whose body is not the JSON the API sends (an HTML page from a proxy or a network login page) */
  notJson = false;
}

/** A 2xx answer that is not JSON: the request did not reach the forge's API. */
export function notJsonError(method: string, url: string, status: number, headers: Record<string, string>, data: unknown): ForgeRequestError {
  const e = new ForgeRequestError('the answer is not JSON', method, url, status, headers, data);
  e.notJson = true;
  return e;
}

/** Why a request got no answer, from a fetch error (undici nests the system error as `cause`). */
export function networkReason(error: unknown): NetworkInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const e = current as { name?: string; code?: string; cause?: unknown; message?: string };
    if (e.name === 'TimeoutError') return { code: 'ETIMEDOUT', timedOut: true };
    if (typeof e.code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(e.code)) {
      return { code: e.code, timedOut: /TIMEOUT|TIMEDOUT/.test(e.code) };
    }
    if (e.name === 'AbortError') return { code: 'ABORTED', timedOut: false };
    current = e.cause;
  }
  const message = (error as { message?: string } | undefined)?.message ?? '';
  if (/fetch failed|network|socket/i.test(message)) {
    // The innermost cause says most ("bad port", "unknown scheme"…).
    let inner: unknown = error;
    while ((inner as { cause?: unknown })?.cause instanceof Error) inner = (inner as { cause: Error }).cause;
    const detail = sanitize((inner as Error).message ?? '').slice(0, 80);
    return detail && detail !== message ? { timedOut: false, detail } : { timedOut: false };
  }
  return undefined;
}

/** Normalise an Octokit RequestError (or anything thrown by fetch) to ForgeRequestError. */
export function normaliseError(error: unknown, fallback: { method: string; url: string }): ForgeRequestError | undefined {
  if (error instanceof ForgeRequestError) return error;
  const e = error as {
    status?: number;
    message?: string;
    response?: { status: number; headers?: Record<string, string>; data?: unknown; url?: string };
    request?: { method?: string; url?: string };
    cause?: unknown;
    name?: string;
  };
  if (!e || typeof e !== 'object') return undefined;
  const method = e.request?.method ?? fallback.method;
  const url = e.request?.url ?? fallback.url;
  if (e.response && typeof e.response.status === 'number') {
    return new ForgeRequestError(e.message ?? 'request failed', method, url, e.response.status, lowerKeys(e.response.headers ?? {}), e.response.data);
  }
  const network = networkReason(e.cause ?? error) ?? (e.name === 'HttpError' && e.status === 500 ? { timedOut: false } : undefined);
  if (network) return new ForgeRequestError(e.message ?? 'network error', method, url, undefined, {}, undefined, network);
  return undefined;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}

/** The server's own words, made safe to echo: one line, no escapes, bounded. */
export function serverMessage(data: unknown): string {
  let text = '';
  if (typeof data === 'string') text = data;
  else if (data && typeof data === 'object') {
    const d = data as { message?: unknown; error?: unknown; error_description?: unknown; errors?: unknown };
    const parts: string[] = [];
    const push = (v: unknown) => {
      if (typeof v === 'string') parts.push(v);
      else if (Array.isArray(v)) v.forEach(push);
      else if (v && typeof v === 'object') {
        const o = v as { message?: unknown; code?: unknown; field?: unknown };
        if (typeof o.message === 'string') parts.push(o.message);
        else if (typeof o.code === 'string') parts.push(typeof o.field === 'string' ? `${o.field} ${o.code}` : o.code);
        else for (const [k, val] of Object.entries(o)) if (typeof val === 'string' || Array.isArray(val)) parts.push(`${k} ${[val].flat().join(', ')}`);
      }
    };
    push(d.message);
    push(d.error_description ?? d.error);
    push(d.errors);
    text = [...new Set(parts)].join('; ');
  }
  text = sanitize(text.replace(/\s+/g, ' ').trim());
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

/**
 * A JSON request with a deadline and a bounded retry of gateway errors (502, 503, 504).
 * Throws ForgeRequestError for any non-2xx answer or when there is no answer.
 */
export async function jsonRequest<T = unknown>(
  method: string,
  url: string,
  opts: { headers?: Record<string, string>; body?: unknown; timeout?: number; retries?: number } = {},
): Promise<JsonResponse<T>> {
  const doFetch = timedFetch(opts.timeout ?? apiTimeout());
  const retries = opts.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: { accept: 'application/json', ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        redirect: 'follow',
      });
    } catch (error) {
      const network = networkReason(error) ?? { timedOut: false };
      throw new ForgeRequestError('network error', method, url, undefined, {}, undefined, network);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    const text = await response.text().catch(() => '');
    let data: unknown = text;
    if (text && /json/i.test(headers['content-type'] ?? '')) {
      try {
        data = JSON.parse(text);
      } catch {
        /* keep the text */
      }
    }
    if (response.ok) {
      if (!NULL_BODY.has(response.status) && (typeof data !== 'object' || data === null)) throw notJsonError(method, url, response.status, headers, data);
      return { status: response.status, headers, data: data as T };
    }
    if ([502, 503, 504].includes(response.status) && attempt < retries) {
      await new Promise((r) => setTimeout(r, 250 * (attempt + 1) ** 2));
      continue;
    }
    throw new ForgeRequestError(`HTTP ${response.status}`, method, url, response.status, headers, data);
  }
}
