/**
 * Hardening — forge faults. `flow pr` (GitHub through Octokit, GitLab through fetch) and
 * `flow protect` against a local stand-in that fails the way real forges and networks fail:
 * 401, 403 (permissions, SAML SSO, plan limits), 404, 422 variants, 429/403 rate limits with a
 * reset time, 5xx (bounded retry), HTML answers, refused connections, DNS failure, silent servers
 * and stalled bodies, proxies. Each ends in bounded time with one clear sentence, exit 2, and the
 * local state documented in docs/forges.md: the branch pushed with its upstream, no PR printed.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { flowAsync, sandbox, type RunResult, type Sandbox } from '../helpers/repo.js';
import { githubPolicy, githubPulls, refusedUrl, startFakeForge, type ScriptedResponse } from '../helpers/fake-forge.js';

const TOKEN = 'forge-fault-token-Ab12Cd34';
const PULLS = '/repos/acme/widgets/pulls';
const MR = `/projects/${encodeURIComponent('acme/widgets')}/merge_requests`;

const flow = flowAsync;

function repository(origin: string): Sandbox {
  const box = sandbox();
  box.gitOk(['remote', 'set-url', 'origin', origin]);
  box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
  return box;
}

let counter = 0;
function onNewBranch(box: Sandbox): string {
  const branch = `feature/${900 + ++counter}-fault`;
  box.gitOk(['switch', '-q', '-c', branch, 'develop']);
  box.gitOk(['commit', '-q', '--allow-empty', '-m', `feat: fault case ${counter}`]);
  return branch;
}

/** exit 2, nothing on stdout, one `flowgate:` sentence on stderr matching `words`, the branch pushed with its upstream */
function assertFailedCleanly(box: Sandbox, branch: string, r: RunResult & { ms: number }, words: RegExp, maxMs = 15_000): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '', 'no URL is printed for a PR that was not opened');
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('flowgate: ') && !/warning/.test(l));
  assert.equal(errors.length, 1, `one error sentence expected:\n${r.stderr}`);
  assert.match(errors[0]!, words);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.ok(!r.stderr.includes(TOKEN), 'the token was printed');
  assert.ok(r.ms < maxMs, `took ${r.ms} ms`);
  assert.equal(box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).code, 0, 'the branch is pushed');
  assert.equal(box.gitOk(['rev-parse', '--abbrev-ref', '@{u}']), `origin/${branch}`, 'its upstream is set');
}

/** `flow pr` on a new branch against the stand-in scripted with the case's routes fails cleanly, after the bounded number of requests. */
async function prFailsCleanly(box: Sandbox, c: Case, token: Record<string, string>): Promise<void> {
  const forge = await startFakeForge();
  try {
    for (const [method, path, answer, times] of c.routes) forge.on(method, path, answer, { times });
    const branch = onNewBranch(box);
    const r = await flow(box, ['pr'], { FLOWGATE_API_URL: forge.url, ...token, FLOWGATE_API_TIMEOUT: '5000' });
    assertFailedCleanly(box, branch, r, c.words);
    if (c.requests !== undefined) assert.equal(forge.requests.length, c.requests, forge.requests.map((q) => `${q.method} ${q.path}`).join(', '));
    assert.deepEqual(forge.unexpected, []);
  } finally {
    await forge.close();
  }
}

const inAnHour = () => String(Math.floor(Date.now() / 1000) + 3600);

interface Case {
  name: string;
  routes: [method: string, path: string | RegExp, answer: ScriptedResponse, times?: number][];
  words: RegExp;
  /** how many requests the stand-in should have seen (bounded retries) */
  requests?: number;
}

const GITHUB_CASES: Case[] = [
  { name: '401 on create', routes: [['GET', PULLS, { body: [] }], ['POST', PULLS, { status: 401, body: { message: 'Bad credentials' } }]], words: /rejected the token from GITHUB_TOKEN.*\(401\).*GITHUB_TOKEN/ },
  {
    name: '403 without write permission',
    routes: [['GET', PULLS, { body: [] }], ['POST', PULLS, { status: 403, body: { message: 'Resource not accessible by personal access token' } }]],
    words: /refused to open the pull request.*\(403: Resource not accessible by personal access token\).*Pull requests: write/,
  },
  {
    name: '403 SAML SSO',
    routes: [['GET', PULLS, { status: 403, headers: { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=XYZ' }, body: { message: 'Resource protected by organization SAML enforcement.' } }]],
    words: /SAML single sign-on \(403\); authorize it at https:\/\/github\.com\/orgs\/acme\/sso\?authorization_request=XYZ/,
  },
  { name: '404 repository', routes: [['GET', PULLS, { status: 404, body: { message: 'Not Found' } }]], words: /Repository acme\/widgets was not found.*\(404\)/ },
  {
    name: '422 base branch invalid',
    routes: [['GET', PULLS, { body: [] }], ['POST', PULLS, { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'base', code: 'invalid' }] } }]],
    words: /no branch develop in acme\/widgets.*\(422\)/,
  },
  {
    name: '422 something else',
    routes: [['GET', PULLS, { body: [] }], ['POST', PULLS, { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'Draft pull requests are not supported in this repository.' }] } }]],
    words: /\(422: Validation Failed; Draft pull requests are not supported in this repository\.\)/,
  },
  {
    name: '429 with retry-after: not retried, not waited for',
    routes: [['GET', PULLS, { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'Too many requests' } }]],
    words: /rate limit is exhausted \(429\); it resets in 3600 s/,
    requests: 1,
  },
  {
    name: '403 primary rate limit with reset time',
    routes: [['GET', PULLS, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': inAnHour() }, body: { message: 'API rate limit exceeded for user ID 1.' } }]],
    words: /rate limit is exhausted \(403\); it resets at \d\d:\d\d UTC \(in (59|60) min\)/,
    requests: 1,
  },
  {
    name: '403 secondary rate limit',
    routes: [['GET', PULLS, { status: 403, headers: { 'retry-after': '60' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } }]],
    words: /rate limit is exhausted \(403\); it resets in 60 s/,
    requests: 1,
  },
  { name: '503 every time: a bounded retry, then a sentence', routes: [['GET', PULLS, { status: 503, body: { message: 'Service Unavailable' } }]], words: /server error \(503\)/, requests: 3 },
  { name: '500: not retried', routes: [['GET', PULLS, { status: 500, body: { message: 'Server Error' } }]], words: /server error \(500\)|\(500\)/, requests: 1 },
  {
    name: '502 with an HTML page from a proxy',
    routes: [['GET', PULLS, { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }]],
    words: /server error \(502\)/,
    requests: 3,
  },
  {
    name: '200 with an HTML login page (captive portal)',
    routes: [['*', PULLS, { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Please log in to the network</body></html>' }]],
    words: /GitHub.*(not JSON|unexpected answer|HTML)/i,
  },
];

describe('forge faults', { concurrency: 1 }, () => {
  let box: Sandbox;
  before(() => {
    box = repository('https://github.com/acme/widgets.git');
  });

  for (const c of GITHUB_CASES) {
    it(`GitHub ${c.name}`, async () => {
      await prFailsCleanly(box, c, { GITHUB_TOKEN: TOKEN });
    });
  }

  it('GitHub 502, 502, then 201: the bounded retry recovers and prints the URL', async () => {
    const forge = await startFakeForge();
    try {
      forge.on('GET', PULLS, { status: 502, body: { message: 'Bad Gateway' } }, { times: 2 });
      githubPulls(forge, 'acme/widgets');
      const branch = onNewBranch(box);
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'https://github.com/acme/widgets/pull/101\n');
      assert.equal(forge.find('POST', PULLS).length, 1);
      assert.ok(branch);
    } finally {
      await forge.close();
    }
  });

  it('connection refused: at once, names the API', async () => {
    const branch = onNewBranch(box);
    const url = await refusedUrl();
    const r = await flow(box, ['pr'], { FLOWGATE_API_URL: url, GITHUB_TOKEN: TOKEN });
    assertFailedCleanly(box, branch, r, new RegExp(`Cannot reach the GitHub API at ${url.replace(/[.]/g, '\\.')} \\(connection refused\\)`), 10_000);
  });

  it('DNS failure: bounded by the timeout, says the host was not found (or did not answer)', async () => {
    const branch = onNewBranch(box);
    const r = await flow(box, ['pr'], { FLOWGATE_API_URL: 'https://api.does-not-exist.invalid', GITHUB_TOKEN: TOKEN, FLOWGATE_API_TIMEOUT: '3000' });
    assertFailedCleanly(box, branch, r, /Cannot reach the GitHub API at https:\/\/api\.does-not-exist\.invalid \((host not found|no answer within 3 s)\)/, 20_000);
  });

  describe('servers that never finish', () => {
    let server: Server;
    let url: string;
    before(async () => {
      // answers the headers of a JSON list, then never sends the body
      server = createServer((req, res) => {
        if (req.url?.startsWith('/stall-body')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('[');
        }
        // otherwise: never answer at all
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });

    it('silent server: gives up after FLOWGATE_API_TIMEOUT', async () => {
      const branch = onNewBranch(box);
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: url, GITHUB_TOKEN: TOKEN, FLOWGATE_API_TIMEOUT: '1500' });
      assertFailedCleanly(box, branch, r, /\(no answer within 1\.5 s\)/, 12_000);
    });

    it('headers then a stalled body: the deadline covers the body too', async () => {
      const branch = onNewBranch(box);
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: `${url}/stall-body`, GITHUB_TOKEN: TOKEN, FLOWGATE_API_TIMEOUT: '1500' });
      assertFailedCleanly(box, branch, r, /Cannot reach the GitHub API.*\(no answer within 1\.5 s\)/, 12_000);
    });
  });

  it('proxies: HTTPS_PROXY pointing nowhere with NO_PROXY for the API host still reaches it', async () => {
    const forge = await startFakeForge();
    try {
      githubPulls(forge, 'acme/widgets');
      onNewBranch(box);
      const dead = await refusedUrl();
      const r = await flow(box, ['pr'], {
        FLOWGATE_API_URL: forge.url,
        GITHUB_TOKEN: TOKEN,
        HTTPS_PROXY: dead,
        HTTP_PROXY: dead,
        https_proxy: dead,
        http_proxy: dead,
        NO_PROXY: '127.0.0.1,localhost',
        no_proxy: '127.0.0.1,localhost',
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^https:\/\/github\.com\/acme\/widgets\/pull\/\d+\n$/);
    } finally {
      await forge.close();
    }
  });

  it('proxies: a dead HTTPS_PROXY for the API host ends in bounded time, with clear words if it fails', async () => {
    const forge = await startFakeForge();
    try {
      githubPulls(forge, 'acme/widgets');
      const branch = onNewBranch(box);
      const dead = await refusedUrl();
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN, HTTPS_PROXY: dead, HTTP_PROXY: dead, FLOWGATE_API_TIMEOUT: '3000' });
      // Node's fetch honours proxy variables only with NODE_USE_ENV_PROXY (Node 24); see docs/reliability.md
      if (r.code === 0) assert.match(r.stdout, /\/pull\/\d+\n$/);
      else assertFailedCleanly(box, branch, r, /Cannot reach the GitHub API/);
      assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    } finally {
      await forge.close();
    }
  });

  describe('GitLab', () => {
    let lab: Sandbox;
    before(() => {
      lab = repository('https://gitlab.com/acme/widgets.git');
    });
    const cases: Case[] = [
      { name: '401', routes: [['GET', MR, { status: 401, body: { message: '401 Unauthorized' } }]], words: /GitLab rejected the token from GITLAB_TOKEN.*\(401\).*GITLAB_TOKEN/ },
      { name: '403', routes: [['GET', MR, { body: [] }], ['POST', MR, { status: 403, body: { message: '403 Forbidden' } }]], words: /GitLab refused to open the (pull|merge) request.*\(403: 403 Forbidden\)/ },
      { name: '429 with retry-after', routes: [['GET', MR, { status: 429, headers: { 'retry-after': '30' }, body: 'Retry later' }]], words: /rate limit is exhausted \(429\); it resets in 30 s/, requests: 1 },
      { name: '503 every time', routes: [['GET', MR, { status: 503, body: { message: 'Service Unavailable' } }]], words: /GitLab had a server error \(503\)/, requests: 3 },
      {
        name: '200 with an HTML page',
        routes: [['*', MR, { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>sign in</html>' }]],
        words: /GitLab.*(not JSON|unexpected answer|HTML)/i,
      },
    ];
    for (const c of cases) {
      it(`GitLab ${c.name}`, async () => {
        await prFailsCleanly(lab, c, { GITLAB_TOKEN: TOKEN });
      });
    }
  });

  it('flow protect: a plan limit (403) is one sentence, the part is skipped, nothing half-applied is claimed', async () => {
    const forge = await startFakeForge();
    try {
      githubPolicy(forge, 'acme/widgets', { plan: 'free-private' });
      const r = await flow(box, ['protect', '--branch', 'main'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /GitHub Free does not offer rulesets or branch protection on the private repository acme\/widgets \(403\): skipped the rules for main;/);
      assert.match(r.stderr, /Nothing was applied/);
      assert.doesNotMatch(r.stdout + r.stderr, /✔/);
      assert.ok(!r.stderr.includes(TOKEN));
    } finally {
      await forge.close();
    }
  });
});
