/**
 * A local stand-in for the GitHub REST API (and GitLab API v4): a node:http server on 127.0.0.1
 * that records every request, answers from scripted routes, and answers anything unexpected with
 * 500 while recording it in `unexpected` (tests assert it stays empty).
 *
 * Point flowgate at it with FLOWGATE_API_URL=<forge.url> and a token in GITHUB_TOKEN/GITLAB_TOKEN.
 * `githubPulls()` / `gitlabMergeRequests()` add stateful routes that behave like the real list and
 * create endpoints, so a second run really finds the first run's pull request. A seeded pull
 * request with `state: 'closed'` and `mergedAt` answers merged-PR look-ups
 * (`GET pulls?state=closed&head=owner:branch`, as `flow sync` asks).
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
  /** set for a merged pull request (closed + merged_at, as GitHub reports it) */
  mergedAt?: string | null;
  /** the head commit GitHub reports (default: a fixed fake sha) */
  headSha?: string;
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
    merged_at: p.mergedAt ?? null,
    base: { ref: p.base },
    head: { ref: p.head, label: `${owner}:${p.head}`, sha: p.headSha ?? '0123456789abcdef0123456789abcdef01234567' },
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
    state: m.state === 'open' ? 'opened' : m.mergedAt ? 'merged' : 'closed',
    merged_at: m.mergedAt ?? null,
    sha: m.headSha ?? '0123456789abcdef0123456789abcdef01234567',
  });
  const stateOf = (m: FakePull) => (m.state === 'open' ? 'opened' : m.mergedAt ? 'merged' : 'closed');
  forge.on('GET', `/projects/${id}/merge_requests`, (req) => ({
    body: mrs
      .filter(
        (m) =>
          (!req.query.state || req.query.state === 'all' || req.query.state === stateOf(m)) &&
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

export interface FakeRuleset {
  id: number;
  name: string;
  target: string;
  enforcement: string;
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: { type: string; parameters?: Record<string, unknown> }[];
}

export interface FakeGitHubPolicy {
  repo: Record<string, unknown>;
  rulesets: FakeRuleset[];
  classic: Map<string, Record<string, unknown>>;
  environments: Map<string, { body: Record<string, unknown>; policies: { id: number; name: string; type: string }[] }>;
  vulnerabilityAlerts: boolean;
  automatedSecurityFixes: boolean;
}

/**
 * The repository settings `flow protect` manages, kept like GitHub keeps them: rulesets (list,
 * create, update by id; GET …/rules/branches/{b} answers the active rules for a branch), classic
 * protection, PATCH of the repository (merge settings, security_and_analysis), environments and
 * their deployment branch policies, Dependabot alerts and security updates, users and teams.
 *
 * `plan: 'free-private'` answers like GitHub Free on a private repository: 403 for rulesets,
 * classic protection and environments, 422 for secret scanning. `'team-private'` (GitHub Pro or
 * Team): rulesets and environments, but 422 for environment reviewers and wait timers and for
 * secret scanning (no Secret Protection).
 * `rulesets: false` answers 404 for rulesets (an older GitHub Enterprise Server).
 */
export function githubPolicy(forge: FakeForge, repoPath: string, opts: { plan?: 'public' | 'free-private' | 'team-private'; rulesets?: boolean } = {}): FakeGitHubPolicy {
  const base = `/repos/${repoPath}`;
  const free = opts.plan === 'free-private';
  const priv = free || opts.plan === 'team-private';
  const state: FakeGitHubPolicy = {
    repo: {
      full_name: repoPath,
      private: priv,
      visibility: priv ? 'private' : 'public',
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      delete_branch_on_merge: false,
      security_and_analysis: { secret_scanning: { status: 'disabled' }, secret_scanning_push_protection: { status: 'disabled' } },
    },
    rulesets: [],
    classic: new Map(),
    environments: new Map(),
    vulnerabilityAlerts: false,
    automatedSecurityFixes: false,
  };
  const upgrade = { status: 403, body: { message: 'Upgrade to GitHub Pro or make this repository public to enable this feature.', documentation_url: 'https://docs.github.com/rest' } };
  const notFound = { status: 404, body: { message: 'Not Found' } };
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const b = esc(base);
  let nextId = 1;
  const names = new Map<number, string>();

  forge.on('GET', base, () => ({ body: state.repo }));
  forge.on('PATCH', base, (req) => {
    const body = req.body as Record<string, unknown>;
    if (body.security_and_analysis) {
      if (priv) return { status: 422, body: { message: 'Secret scanning is not available for this repository.' } };
      const sa = state.repo.security_and_analysis as Record<string, unknown>;
      Object.assign(sa, body.security_and_analysis);
    }
    const { security_and_analysis: _sa, ...rest } = body;
    Object.assign(state.repo, rest);
    return { body: state.repo };
  });

  if (opts.rulesets === false) {
    forge.on('*', new RegExp(`^${b}/(rulesets|rules/branches)(/.*)?$`), notFound);
  } else {
    forge.on('GET', `${base}/rulesets`, () => ({ body: state.rulesets.map(({ id, name, target, enforcement }) => ({ id, name, target, enforcement, source_type: 'Repository', source: repoPath })) }));
    forge.on('POST', `${base}/rulesets`, (req) => {
      if (free) return upgrade;
      const body = req.body as Omit<FakeRuleset, 'id'>;
      if (state.rulesets.some((r) => r.name === body.name)) return { status: 422, body: { message: 'Validation Failed', errors: ['Name must be unique'] } };
      const r: FakeRuleset = { ...body, id: nextId++ };
      state.rulesets.push(r);
      return { status: 201, body: r };
    });
    forge.on('GET', new RegExp(`^${b}/rulesets/(\\d+)$`), (req) => {
      const r = state.rulesets.find((x) => x.id === Number(req.path.split('/').pop()));
      return r ? { body: r } : notFound;
    });
    forge.on('PUT', new RegExp(`^${b}/rulesets/(\\d+)$`), (req) => {
      if (free) return upgrade;
      const r = state.rulesets.find((x) => x.id === Number(req.path.split('/').pop()));
      if (!r) return notFound;
      Object.assign(r, req.body);
      return { body: r };
    });
    forge.on('GET', new RegExp(`^${b}/rules/branches/[^/]+$`), (req) => {
      const branch = decodeURIComponent(req.path.split('/').pop()!);
      const rules = state.rulesets
        .filter((r) => r.enforcement === 'active' && r.conditions.ref_name.include.includes(`refs/heads/${branch}`))
        .flatMap((r) => r.rules.map((rule) => ({ ...rule, ruleset_source_type: 'Repository', ruleset_source: repoPath, ruleset_id: r.id })));
      return { body: rules };
    });
  }

  forge.on('PUT', new RegExp(`^${b}/branches/[^/]+/protection$`), (req) => {
    if (free) return upgrade;
    state.classic.set(decodeURIComponent(req.path.split('/').at(-2)!), req.body as Record<string, unknown>);
    return { body: req.body };
  });
  forge.on('GET', new RegExp(`^${b}/branches/[^/]+/protection$`), (req) => {
    const p = state.classic.get(decodeURIComponent(req.path.split('/').at(-2)!)) as Record<string, unknown> | undefined;
    if (!p) return { status: 404, body: { message: 'Branch not protected' } };
    const on = (v: unknown) => ({ enabled: Boolean(v) });
    return {
      body: {
        required_status_checks: p.required_status_checks ?? undefined,
        required_pull_request_reviews: p.required_pull_request_reviews ?? undefined,
        enforce_admins: on(p.enforce_admins),
        required_linear_history: on(p.required_linear_history),
        allow_force_pushes: on(p.allow_force_pushes),
        allow_deletions: on(p.allow_deletions),
        required_conversation_resolution: on(p.required_conversation_resolution),
      },
    };
  });

  const envPath = new RegExp(`^${b}/environments/([^/]+)$`);
  const envName = (path: string) => decodeURIComponent(/environments\/([^/]+)/.exec(path)![1]!);
  forge.on('PUT', envPath, (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const gates = (Array.isArray(body.reviewers) && body.reviewers.length > 0) || Number(body.wait_timer ?? 0) > 0 || body.prevent_self_review === true;
    if (priv && gates) return { status: 422, body: { message: 'Fail to create protected rule, please ensure billing plan include protected branch gate.' } };
    if (free) return upgrade;
    const name = envName(req.path);
    const env = state.environments.get(name) ?? { body: {}, policies: [] };
    env.body = body;
    state.environments.set(name, env);
    return { body: { name } };
  });
  forge.on('GET', envPath, (req) => {
    const env = state.environments.get(envName(req.path));
    if (!env) return notFound;
    const rules: Record<string, unknown>[] = [];
    const body = env.body;
    if (Number(body.wait_timer ?? 0) > 0) rules.push({ id: 1, node_id: 'W', type: 'wait_timer', wait_timer: body.wait_timer });
    const reviewers = (body.reviewers as { type: string; id: number }[] | undefined) ?? [];
    if (reviewers.length) {
      rules.push({
        id: 2,
        node_id: 'R',
        type: 'required_reviewers',
        prevent_self_review: Boolean(body.prevent_self_review),
        reviewers: reviewers.map((r) => ({ type: r.type, reviewer: r.type === 'User' ? { id: r.id, login: names.get(r.id) } : { id: r.id, slug: names.get(r.id) } })),
      });
    }
    return { body: { name: envName(req.path), protection_rules: rules, deployment_branch_policy: body.deployment_branch_policy ?? null } };
  });
  const policies = new RegExp(`^${b}/environments/([^/]+)/deployment-branch-policies$`);
  forge.on('GET', policies, (req) => {
    const env = state.environments.get(envName(req.path));
    return env ? { body: { total_count: env.policies.length, branch_policies: env.policies } } : notFound;
  });
  forge.on('POST', policies, (req) => {
    const env = state.environments.get(envName(req.path));
    if (!env) return notFound;
    const body = req.body as { name: string; type?: string };
    if (env.policies.some((p) => p.name === body.name)) return { status: 303, body: {} };
    const p = { id: nextId++, name: body.name, type: body.type ?? 'branch' };
    env.policies.push(p);
    return { body: p };
  });
  forge.on('DELETE', new RegExp(`^${b}/environments/([^/]+)/deployment-branch-policies/(\\d+)$`), (req) => {
    const env = state.environments.get(envName(req.path));
    const id = Number(req.path.split('/').pop());
    if (!env || !env.policies.some((p) => p.id === id)) return notFound;
    env.policies = env.policies.filter((p) => p.id !== id);
    return { status: 204 };
  });

  forge.on('PUT', `${base}/vulnerability-alerts`, () => ((state.vulnerabilityAlerts = true), { status: 204 }));
  forge.on('DELETE', `${base}/vulnerability-alerts`, () => ((state.vulnerabilityAlerts = false), { status: 204 }));
  forge.on('GET', `${base}/vulnerability-alerts`, () => (state.vulnerabilityAlerts ? { status: 204 } : notFound));
  forge.on('PUT', `${base}/automated-security-fixes`, () => ((state.automatedSecurityFixes = true), { status: 204 }));
  forge.on('DELETE', `${base}/automated-security-fixes`, () => ((state.automatedSecurityFixes = false), { status: 204 }));
  forge.on('GET', `${base}/automated-security-fixes`, () => ({ body: { enabled: state.automatedSecurityFixes, paused: false } }));

  forge.on('GET', /^\/users\/[^/]+$/, (req) => {
    const login = req.path.split('/').pop()!;
    if (login === 'ghost') return notFound;
    const id = 1000 + names.size;
    names.set(id, login);
    return { body: { login, id } };
  });
  forge.on('GET', /^\/orgs\/[^/]+\/teams\/[^/]+$/, (req) => {
    const slug = req.path.split('/').pop()!;
    const id = 5000 + names.size;
    names.set(id, slug);
    return { body: { slug, id } };
  });
  return state;
}

export interface FakeSecurity {
  /** Actions secrets: names and last update (GitHub never returns values) */
  secrets?: { name: string; updatedAt: string }[];
  /** Dependabot alerts by state; or a scripted answer (403 "disabled") */
  dependabot?: { open: number; fixed?: number } | ScriptedResponse;
  /** code-scanning alerts by state; or a scripted answer (404 "no analysis found") */
  codeScanning?: { open: number; dismissed?: number } | ScriptedResponse;
}

/**
 * GitHub's repository security endpoints for `owner/repo`, paginated like GitHub (`per_page`,
 * `page`, a `Link: <…>; rel="next"` header), so a client that reads only the first page is caught:
 * GET /repos/o/r/actions/secrets ({ total_count, secrets }), /dependabot/alerts and
 * /code-scanning/alerts (arrays, filtered by `state`).
 */
export function githubSecurity(forge: FakeForge, repoPath: string, security: FakeSecurity): void {
  const page = <T>(req: RecordedRequest, items: T[], wrap: (slice: T[]) => unknown): ScriptedResponse => {
    const perPage = Math.min(Number(req.query.per_page ?? 30) || 30, 100);
    const n = Math.max(Number(req.query.page ?? 1) || 1, 1);
    const slice = items.slice((n - 1) * perPage, n * perPage);
    const headers: Record<string, string> = {};
    if (n * perPage < items.length) {
      const next = new URLSearchParams({ ...req.query, per_page: String(perPage), page: String(n + 1) });
      headers.link = `<${forge.url}${req.path}?${next}>; rel="next"`;
    }
    return { headers, body: wrap(slice) };
  };
  const alerts = (counts: Record<string, number | undefined>) =>
    Object.entries(counts).flatMap(([state, count]) => Array.from({ length: count ?? 0 }, (_, i) => ({ number: i + 1, state })));
  const list = (spec: FakeSecurity['dependabot'] | FakeSecurity['codeScanning'], kind: string): Handler => {
    return (req) => {
      if (!spec) return { status: 404, body: { message: `fake forge: no ${kind} scripted` } };
      if (!('open' in spec)) return spec;
      const all = alerts(spec as Record<string, number | undefined>);
      return page(req, req.query.state ? all.filter((a) => a.state === req.query.state) : all, (slice) => slice);
    };
  };
  forge.on('GET', `/repos/${repoPath}/actions/secrets`, (req) => {
    const all = (security.secrets ?? []).map((s) => ({ name: s.name, created_at: s.updatedAt, updated_at: s.updatedAt }));
    return page(req, all, (slice) => ({ total_count: all.length, secrets: slice }));
  });
  forge.on('GET', `/repos/${repoPath}/dependabot/alerts`, list(security.dependabot, 'Dependabot alerts'));
  forge.on('GET', `/repos/${repoPath}/code-scanning/alerts`, list(security.codeScanning, 'code-scanning alerts'));
}
