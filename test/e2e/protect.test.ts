/**
 * `flow protect` end to end: the built CLI and the real Octokit / fetch clients against a local
 * fake forge (FLOWGATE_API_URL). origin's URL is a realistic GitHub / GitLab URL; nothing is pushed.
 * The CLI runs asynchronously so this process's fake server keeps answering.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flowAsync, sandbox, type RunResult, type Sandbox } from '../helpers/repo.js';
import { startFakeForge, type FakeForge } from '../helpers/fake-forge.js';
import { REQUIRED_CHECKS } from '../../src/templates/jobs.js';

const TOKEN = 'protect-token-Kx81-do-not-print';

const EXPECTED_BODY = {
  required_status_checks: { strict: true, contexts: REQUIRED_CHECKS },
  enforce_admins: true,
  required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 1 },
  restrictions: null,
  allow_force_pushes: false,
  allow_deletions: false,
};

const flow = flowAsync;

function assertNoToken(r: RunResult): void {
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token is never printed');
}

describe('flow protect on GitHub', { concurrency: 1 }, () => {
  let box: Sandbox;
  let forge: FakeForge;
  before(async () => {
    box = sandbox({ remote: false });
    box.gitOk(['remote', 'add', 'origin', 'git@github.com:acme/widgets.git']);
    forge = await startFakeForge();
  });
  after(async () => {
    await forge.close();
  });

  it('PUTs the same protection on main and develop', async () => {
    forge.on('PUT', /^\/repos\/acme\/widgets\/branches\/[^/]+\/protection$/, (req) => ({ body: { url: req.path } }), { times: 2 });
    const before = forge.requests.length;
    const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stderr);
    const sent = forge.requests.slice(before);
    assert.deepEqual(sent.map((q) => `${q.method} ${q.path}`), ['PUT /repos/acme/widgets/branches/main/protection', 'PUT /repos/acme/widgets/branches/develop/protection']);
    for (const q of sent) {
      assert.deepEqual(q.body, EXPECTED_BODY);
      assert.equal(q.headers.authorization, `token ${TOKEN}`);
    }
    assert.match(r.stderr, /Protected main/);
    assert.match(r.stderr, /Protected develop/);
    assertNoToken(r);
    assert.deepEqual(forge.unexpected, []);
  });

  it('--branch picks the branches; names with / are encoded; --json reports', async () => {
    forge.on('PUT', '/repos/acme/widgets/branches/release%2F1.x/protection', { body: {} }, { times: 1 });
    const before = forge.requests.length;
    const r = await flow(box, ['protect', '--branch', 'release/1.x', '--json'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(forge.requests.slice(before).map((q) => q.path), ['/repos/acme/widgets/branches/release%2F1.x/protection']);
    const doc = JSON.parse(r.stdout) as { protected: string[]; repo: string };
    assert.deepEqual(doc.protected, ['release/1.x']);
    assert.equal(doc.repo, 'acme/widgets');
    assert.deepEqual(forge.unexpected, []);
  });

  it('--dry-run prints each request and sends nothing, with no token', async () => {
    const before = forge.requests.length;
    const r = await flow(box, ['protect', '--dry-run'], { FLOWGATE_API_URL: forge.url });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(forge.requests.length, before, 'nothing sent');
    const blocks = r.stdout.trim().split('\n\n');
    assert.equal(blocks.length, 2);
    for (const [i, branch] of ['main', 'develop'].entries()) {
      const [first, ...json] = blocks[i]!.split('\n');
      assert.equal(first, `PUT ${forge.url}/repos/acme/widgets/branches/${branch}/protection`);
      assert.deepEqual(JSON.parse(json.join('\n')), EXPECTED_BODY);
    }
  });

  it('--dry-run --json is one document', async () => {
    const r = await flow(box, ['protect', '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { dryRun: boolean; requests: { method: string; url: string; body: unknown }[] };
    assert.equal(doc.dryRun, true);
    assert.deepEqual(doc.requests.map((q) => q.url), [
      'https://api.github.com/repos/acme/widgets/branches/main/protection',
      'https://api.github.com/repos/acme/widgets/branches/develop/protection',
    ]);
    assert.deepEqual(doc.requests[0]!.body, EXPECTED_BODY);
  });

  it('no token: exit 2 and says how to provide one', async () => {
    const before = forge.requests.length;
    const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs a token .* GITHUB_TOKEN/);
    assert.equal(forge.requests.length, before);
  });

  it('403 on a plan without protection: a clear sentence, exit 2', async () => {
    forge.on('PUT', '/repos/acme/widgets/branches/main/protection', {
      status: 403,
      body: { message: 'Upgrade to GitHub Pro or make this repository public to enable this feature.', documentation_url: 'https://docs.github.com/rest' },
    }, { times: 1 });
    const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Branch protection is not available for the private repository acme\/widgets on its current GitHub plan \(403\)/);
    assertNoToken(r);
  });

  it('403 for lack of rights names the permission', async () => {
    forge.on('PUT', '/repos/acme/widgets/branches/main/protection', { status: 403, body: { message: 'Resource not accessible by personal access token' } }, { times: 1 });
    const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /admin rights on the repository/);
  });

  it('origin not on a known forge: --dry-run shows OWNER/REPO placeholders; a real run is exit 2', async () => {
    const local = sandbox();
    const dry = await flow(local, ['protect', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^PUT https:\/\/api\.github\.com\/repos\/OWNER\/REPO\/branches\/main\/protection$/m);
    assert.match(dry.stderr, /set forge\.repo/);
    const real = await flow(local, ['protect'], { GITHUB_TOKEN: TOKEN });
    assert.equal(real.code, 2);
    assert.match(real.stderr, /forge\.repo/);
  });

  it('a glob-only protected list needs --branch', async () => {
    const other = sandbox({ remote: false });
    other.gitOk(['remote', 'add', 'origin', 'https://github.com/acme/widgets.git']);
    other.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { protected: ['release/*'] } }));
    const r = await flow(other, ['protect', '--dry-run']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--branch/);
  });
});

describe('flow protect on GitLab', () => {
  it('POSTs protected_branches; an already protected branch is replaced', async () => {
    const box = sandbox({ remote: false });
    box.gitOk(['remote', 'add', 'origin', 'https://gitlab.example.com/group/sub/widgets.git']);
    const forge = await startFakeForge();
    const path = '/projects/group%2Fsub%2Fwidgets/protected_branches';
    forge.on('POST', path, { status: 201, body: { name: 'main' } }, { times: 1 });
    forge.on('POST', path, { status: 409, body: { message: 'Protected branch \'develop\' already exists' } }, { times: 1 });
    forge.on('DELETE', `${path}/develop`, { status: 204 }, { times: 1 });
    forge.on('POST', path, { status: 201, body: { name: 'develop' } }, { times: 1 });
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(forge.requests.map((q) => `${q.method} ${q.path}`), [`POST ${path}`, `POST ${path}`, `DELETE ${path}/develop`, `POST ${path}`]);
      assert.deepEqual(forge.requests[0]!.body, { name: 'main', push_access_level: 0, merge_access_level: 30, allow_force_push: false });
      assert.equal(forge.requests[0]!.headers['private-token'], TOKEN);
      assertNoToken(r);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });
});
