/**
 * A local stand-in for the GitHub REST API (and GitLab API v4): a node:http server on 127.0.0.1
 * that records every request, answers from scripted routes, and answers anything unexpected with
 * 500 while recording it in `unexpected` (tests assert it stays empty).
 *
 * Point flowgate at it with FLOWGATE_API_URL=<forge.url> and a token in GITHUB_TOKEN/GITLAB_TOKEN.
 * `githubPulls()` / `gitlabMergeRequests()` add stateful routes that behave like the real list and
 * create endpoints, so a second run really finds the first run's pull request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** the path without the query string, still URL-encoded as sent (`/projects/acme%2Fwidgets/...`) */
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** the parsed JSON body, or the raw text when it is not JSON, or undefined when empty */
  body: unknown;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** wait this long before answering (for timeouts) */
  delayMs?: number;
}

export type Handler = (req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
  times: number;
}

export interface FakeForge {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: RecordedRequest[];
  /** requests no route answered ("GET /path") */
  unexpected: string[];
  /** Answer `method path` (exact path or a RegExp on it); the route answers `times` times (default: always). Earlier routes win. */
  on(method: string, path: string | RegExp, response: ScriptedResponse | Handler, opts?: { times?: number }): void;
  /** requests matching method and path */
  find(method: string, path: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

function matches(route: { method: string; path: string | RegExp }, method: string, path: string): boolean {
  if (route.method !== '*' && route.method.toUpperCase() !== method) return false;
  return typeof route.path === 'string' ? route.path === path : route.path.test(path);
}

export async function startFakeForge(): Promise<FakeForge> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            body = raw;
          }
        }
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body,
        };
        requests.push(recorded);
        const route = routes.find((r) => r.times > 0 && matches(r, recorded.method, recorded.path));
        let answer: ScriptedResponse;
        if (!route) {
          unexpected.push(`${recorded.method} ${recorded.path}`);
          answer = { status: 500, body: { message: `fake forge: no route for ${recorded.method} ${recorded.path}` } };
        } else {
          route.times--;
          try {
            answer = await route.handler(recorded);
          } catch (error) {
            unexpected.push(`${recorded.method} ${recorded.path}: handler threw ${String(error)}`);
            answer = { status: 500, body: { message: 'fake forge: handler threw' } };
          }
        }
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (res.destroyed) return;
        const status = answer.status ?? 200;
        const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(status, {
          ...(answer.body !== undefined && typeof answer.body !== 'string' ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...answer.headers,
        });
        res.end(text);
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    on(method, path, response, opts = {}) {
      const handler: Handler = typeof response === 'function' ? response : () => response;
      routes.push({ method, path, handler, times: opts.times ?? Number.POSITIVE_INFINITY });
    },
    find(method, path) {
      return requests.filter((r) => matches({ method, path }, r.method, r.path));
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on which nothing listens: connections are refused at once. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
}

/**
 * Stateful GitHub pull requests for `owner/repo`: `GET /repos/o/r/pulls` filters by state, head
 * (`owner:branch`) and base like GitHub; `POST` creates one (422 "already exists" for a duplicate
 * open head+base, like GitHub). Returns the store so tests can seed or inspect it.
 */
export function githubPulls(
  forge: FakeForge,
  repoPath: string,
  opts: {
    issues?: Record<number, string>;
    /** answer the list like a proxy or forge that drops the head and base filters: every open PR */
    ignoreFilters?: boolean;
    /** open milestones by title → number */
    milestones?: Record<string, number>;
  } = {},
): FakePull[] {
  const [owner] = repoPath.split('/');
  const pulls: FakePull[] = [];
  const toJson = (p: FakePull) => ({
    number: p.number,
    html_url: `https://github.com/${repoPath}/pull/${p.number}`,
    title: p.title,
    body: p.body,
    draft: p.draft,
    state: p.state,
    base: { ref: p.base },
    head: { ref: p.head, label: `${owner}:${p.head}`, sha: '0123456789abcdef0123456789abcdef01234567' },
  });
  forge.on('GET', `/repos/${repoPath}/pulls`, (req) => {
    const state = req.query.state ?? 'open';
    const list = pulls.filter(
      (p) =>
        (state === 'all' || p.state === state) &&
        (opts.ignoreFilters || !req.query.head || `${owner}:${p.head}` === req.query.head) &&
        (opts.ignoreFilters || !req.query.base || p.base === req.query.base),
    );
    return { body: list.map(toJson) };
  });
  forge.on('POST', `/repos/${repoPath}/pulls`, (req) => {
    const b = req.body as { head: string; base: string; title: string; body?: string; draft?: boolean };
    if (pulls.some((p) => p.state === 'open' && p.head === b.head && p.base === b.base)) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${b.head}.` }],
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        },
      };
    }
    const pull: FakePull = { number: 100 + pulls.length + 1, title: b.title, body: b.body ?? '', head: b.head, base: b.base, draft: Boolean(b.draft), state: 'open' };
    pulls.push(pull);
    return { status: 201, body: toJson(pull) };
  });
  // gh's metadata endpoints: recorded, answered like GitHub
  forge.on('POST', new RegExp(`^/repos/${repoPath}/pulls/\\d+/requested_reviewers$`), () => ({ status: 201, body: {} }));
  forge.on('POST', new RegExp(`^/repos/${repoPath}/issues/\\d+/(assignees|labels)$`), () => ({ status: 201, body: {} }));
  forge.on('GET', `/repos/${repoPath}/milestones`, () => ({
    body: Object.entries(opts.milestones ?? {}).map(([title, number]) => ({ title, number, state: 'open' })),
  }));
  forge.on('PATCH', new RegExp(`^/repos/${repoPath}/issues/\\d+$`), () => ({ body: {} }));
  forge.on('GET', new RegExp(`^/repos/${repoPath}/issues/(\\d+)$`), (req) => {
    const n = Number(/(\d+)$/.exec(req.path)?.[1]);
    const title = opts.issues?.[n];
    return title ? { body: { number: n, title, state: 'open' } } : { status: 404, body: { message: 'Not Found' } };
  });
  return pulls;
}

/** Stateful GitLab merge requests for `group/project` (API v4 paths, project id URL-encoded). */
export function gitlabMergeRequests(forge: FakeForge, repoPath: string, webHost = 'gitlab.com'): FakePull[] {
  const id = encodeURIComponent(repoPath);
  const mrs: FakePull[] = [];
  const toJson = (m: FakePull) => ({
    iid: m.number,
    web_url: `https://${webHost}/${repoPath}/-/merge_requests/${m.number}`,
    title: m.title,
    description: m.body,
    source_branch: m.head,
    target_branch: m.base,
    draft: m.draft,
    state: m.state === 'open' ? 'opened' : 'closed',
    sha: '0123456789abcdef0123456789abcdef01234567',
  });
  forge.on('GET', `/projects/${id}/merge_requests`, (req) => ({
    body: mrs
      .filter(
        (m) =>
          (!req.query.state || (req.query.state === 'opened') === (m.state === 'open')) &&
          (!req.query.source_branch || m.head === req.query.source_branch) &&
          (!req.query.target_branch || m.base === req.query.target_branch),
      )
      .map(toJson),
  }));
  forge.on('POST', `/projects/${id}/merge_requests`, (req) => {
    const b = req.body as { source_branch: string; target_branch: string; title: string; description?: string };
    const dup = mrs.find((m) => m.state === 'open' && m.head === b.source_branch && m.base === b.target_branch);
    if (dup) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${dup.number}`] } };
    const mr: FakePull = {
      number: mrs.length + 1,
      title: b.title,
      body: b.description ?? '',
      head: b.source_branch,
      base: b.target_branch,
      draft: /^draft:/i.test(b.title),
      state: 'open',
    };
    mrs.push(mr);
    return { status: 201, body: toJson(mr) };
  });
  return mrs;
}
