/**
 * `flow protect` end to end: the built CLI and the real Octokit / fetch clients against the local
 * forge stand-in (FLOWGATE_API_URL), whose GitHub policy store keeps rulesets, environments and
 * settings like GitHub, so a second run and `--check` see what the first run did.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flowAsync, sandbox, type RunResult, type Sandbox } from '../helpers/repo.js';
import { githubPolicy, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';
import { REQUIRED_CHECKS } from '../../src/templates/jobs.js';

const TOKEN = 'protect-token-Kx81-do-not-print';
const flow = flowAsync;

function assertNoToken(r: RunResult): void {
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token is never printed');
}

function githubBox(config?: unknown): Sandbox {
  const box = sandbox({ remote: false });
  box.gitOk(['remote', 'add', 'origin', 'git@github.com:acme/widgets.git']);
  if (config) box.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: config }));
  return box;
}

const sent = (forge: FakeForge, from: number) => forge.requests.slice(from).filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path}`);

describe('flow protect on GitHub', { concurrency: 1 }, () => {
  let box: Sandbox;
  let forge: FakeForge;
  let store: ReturnType<typeof githubPolicy>;
  before(async () => {
    box = githubBox({ policy: { environments: { production: { reviewers: ['octocat', 'acme/release'], waitTimer: 5 } } } });
    forge = await startFakeForge();
    store = githubPolicy(forge, 'acme/widgets');
  });
  after(async () => {
    await forge.close();
  });

  it('applies the whole policy: rulesets, merge settings, environments, security', async () => {
    const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(sent(forge, 0), [
      'POST /repos/acme/widgets/rulesets',
      'POST /repos/acme/widgets/rulesets',
      'PATCH /repos/acme/widgets',
      'PUT /repos/acme/widgets/environments/staging',
      'POST /repos/acme/widgets/environments/staging/deployment-branch-policies',
      'PUT /repos/acme/widgets/environments/production',
      'POST /repos/acme/widgets/environments/production/deployment-branch-policies',
      'PUT /repos/acme/widgets/vulnerability-alerts',
      'PUT /repos/acme/widgets/automated-security-fixes',
      'PATCH /repos/acme/widgets',
    ]);
    assert.deepEqual(store.rulesets.map((s) => s.name), ['flowgate: main', 'flowgate: develop']);
    const pr = store.rulesets[0]!.rules.find((x) => x.type === 'pull_request')!;
    assert.equal(pr.parameters!.required_approving_review_count, 1);
    const checks = store.rulesets[0]!.rules.find((x) => x.type === 'required_status_checks')!;
    assert.deepEqual((checks.parameters!.required_status_checks as { context: string }[]).map((c) => c.context), REQUIRED_CHECKS);
    assert.equal(store.repo.delete_branch_on_merge, true);
    assert.equal(store.repo.allow_rebase_merge, false);
    assert.deepEqual(store.environments.get('production')!.policies.map((p) => p.name), ['main']);
    assert.deepEqual(store.environments.get('staging')!.policies.map((p) => p.name), ['develop']);
    assert.equal(store.environments.get('production')!.body.wait_timer, 5);
    assert.deepEqual((store.environments.get('production')!.body.reviewers as { type: string }[]).map((x) => x.type), ['User', 'Team']);
    assert.equal(store.vulnerabilityAlerts, true);
    assert.equal(store.automatedSecurityFixes, true);
    assert.deepEqual(store.repo.security_and_analysis, { secret_scanning: { status: 'enabled' }, secret_scanning_push_protection: { status: 'enabled' } });
    const auth = forge.requests.find((q) => q.method === 'POST')!.headers.authorization;
    assert.equal(auth, `token ${TOKEN}`);
    assertNoToken(r);
    assert.deepEqual(forge.unexpected, []);
  });

  it('--check right after: no drift, exit 0', async () => {
    const before = forge.requests.length;
    const r = await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /matches the policy/);
    assert.deepEqual(sent(forge, before), [], '--check only reads');
    assert.ok(forge.find('GET', '/repos/acme/widgets/rules/branches/main').length > 0, 'reads what really applies to main');
    assert.deepEqual(forge.unexpected, []);
  });

  it('re-applying updates the rulesets by id (PUT) and adds no duplicate', async () => {
    const before = forge.requests.length;
    const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 0, r.stderr);
    const writes = sent(forge, before);
    assert.deepEqual(writes.filter((w) => w.includes('rulesets')), ['PUT /repos/acme/widgets/rulesets/1', 'PUT /repos/acme/widgets/rulesets/2']);
    assert.ok(!writes.some((w) => w.includes('deployment-branch-policies')), 'existing branch policies are kept');
    assert.equal(store.rulesets.length, 2);
    assert.deepEqual(forge.unexpected, []);
  });

  it('drift: exit 1 listing each difference on stdout; --json too', async () => {
    const pr = store.rulesets[0]!.rules.find((x) => x.type === 'pull_request')!;
    pr.parameters = { ...pr.parameters, required_approving_review_count: 0 };
    store.rulesets[1]!.rules = store.rulesets[1]!.rules.filter((x) => x.type !== 'non_fast_forward');
    store.repo.delete_branch_on_merge = false;
    store.environments.get('production')!.body.wait_timer = 0;
    store.automatedSecurityFixes = false;
    const r = await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'repository: delete_branch_on_merge is false, expected true',
      'branch main: required approvals is 0, expected 1',
      'branch develop: force pushes allowed is true, expected false',
      'environment production: wait timer (minutes) is 0, expected 5',
      'repository: Dependabot security updates is disabled, expected enabled',
    ]);
    assert.match(r.stderr, /differs from the policy in 5 settings; run flowgate protect/);
    const j = await flow(box, ['protect', '--check', '--json'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(j.code, 1);
    const doc = JSON.parse(j.stdout) as { ok: boolean; differences: { subject: string; setting: string; expected: unknown; actual: unknown }[] };
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.differences[1], { subject: 'branch main', setting: 'required approvals', expected: 1, actual: 0, text: 'branch main: required approvals is 0, expected 1' });
    // Applying again repairs it.
    assert.equal((await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN })).code, 0);
    assert.equal((await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN })).code, 0);
    assert.deepEqual(forge.unexpected, []);
  });

  it('--dry-run prints every request (METHOD URL, then the JSON body) and sends nothing, with no token', async () => {
    const before = forge.requests.length;
    const r = await flow(box, ['protect', '--dry-run'], { FLOWGATE_API_URL: forge.url });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(forge.requests.length, before, 'nothing sent');
    const blocks = r.stdout.trim().split('\n\n');
    const heads = blocks.map((b) => b.split('\n')[0]);
    assert.deepEqual(heads, [
      `POST ${forge.url}/repos/acme/widgets/rulesets`,
      `POST ${forge.url}/repos/acme/widgets/rulesets`,
      `PATCH ${forge.url}/repos/acme/widgets`,
      `PUT ${forge.url}/repos/acme/widgets/environments/staging`,
      `POST ${forge.url}/repos/acme/widgets/environments/staging/deployment-branch-policies`,
      `PUT ${forge.url}/repos/acme/widgets/environments/production`,
      `POST ${forge.url}/repos/acme/widgets/environments/production/deployment-branch-policies`,
      `PUT ${forge.url}/repos/acme/widgets/vulnerability-alerts`,
      `PUT ${forge.url}/repos/acme/widgets/automated-security-fixes`,
      `PATCH ${forge.url}/repos/acme/widgets`,
    ]);
    const ruleset = JSON.parse(blocks[0]!.split('\n').slice(1).join('\n')) as { name: string; rules: { type: string }[] };
    assert.equal(ruleset.name, 'flowgate: main');
    assert.deepEqual(ruleset.rules.map((x) => x.type), ['deletion', 'non_fast_forward', 'pull_request', 'required_status_checks']);
  });

  it('--dry-run --json is one document', async () => {
    const r = await flow(box, ['protect', '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { dryRun: boolean; requests: { method: string; url: string; body: unknown }[] };
    assert.equal(doc.dryRun, true);
    assert.equal(doc.requests[0]!.url, 'https://api.github.com/repos/acme/widgets/rulesets');
    assert.equal(doc.requests.length, 10);
  });

  it('no token: exit 2 and says how to provide one', async () => {
    const before = forge.requests.length;
    for (const args of [['protect'], ['protect', '--check']]) {
      const r = await flow(box, args, { FLOWGATE_API_URL: forge.url });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /needs a token .* GITHUB_TOKEN/);
    }
    assert.equal(forge.requests.length, before);
  });

  it('a permission 403 is exit 2 naming the permission', async () => {
    // Routes registered first win: this forge refuses rulesets before the store sees them.
    const strict = await startFakeForge();
    strict.on('POST', '/repos/acme/widgets/rulesets', { status: 403, body: { message: 'Resource not accessible by personal access token' } });
    githubPolicy(strict, 'acme/widgets');
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: strict.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /refused to create the ruleset flowgate: main on acme\/widgets \(403: Resource not accessible by personal access token\); give the token .*admin rights on the repository/);
      assertNoToken(r);
    } finally {
      await strict.close();
    }
  });

  it('a reviewer who does not exist: exit 2 naming the config key, nothing changed', async () => {
    const other = githubBox({ policy: { environments: { production: { reviewers: ['ghost'] } } } });
    const before = forge.requests.length;
    const r = await flow(other, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /reviewer ghost .*policy\.environments/);
    assert.deepEqual(sent(forge, before), []);
  });
});

describe('flow protect --check with a token that cannot read everything', () => {
  it('an unreadable part makes the check incomplete: exit 2 naming it, never a pass; --branch compares only branch rules', async () => {
    const box = githubBox();
    const forge = await startFakeForge();
    // Routes registered first win: GitHub's answer to a token without admin read.
    forge.on('GET', '/repos/acme/widgets/vulnerability-alerts', { status: 403, body: { message: 'Resource not accessible by integration' } });
    githubPolicy(forge, 'acme/widgets');
    try {
      assert.equal((await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN })).code, 0);
      const r = await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /The token cannot read Dependabot alerts \(403\), so the check is incomplete; use a token with admin rights on acme\/widgets\./);
      const before = forge.requests.length;
      const b = await flow(box, ['protect', '--check', '--branch', 'main'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(b.code, 0, b.stderr + b.stdout);
      const paths = forge.requests.slice(before).map((q) => q.path);
      assert.ok(paths.includes('/repos/acme/widgets/rules/branches/main'));
      assert.ok(!paths.some((p) => /environments|vulnerability|develop/.test(p)), 'only main\'s rules are read');
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });
});

describe('flow protect on private GitHub repositories: plan limits', () => {
  it('GitHub Free: skips rulesets, environments and secret scanning with one sentence each, applies the rest, exit 0', async () => {
    const box = githubBox({ policy: { environments: { production: { reviewers: ['octocat'] } } } });
    const forge = await startFakeForge();
    const store = githubPolicy(forge, 'acme/widgets', { plan: 'free-private' });
    try {
      const r = await flow(box, ['protect', '--json'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /GitHub Free does not offer rulesets or branch protection on the private repository acme\/widgets \(403\): skipped the rules for main and develop/);
      assert.match(r.stderr, /does not offer deployment environments \(403\): skipped staging and production/);
      assert.match(r.stderr, /Secret scanning and push protection on the private repository acme\/widgets need GitHub Secret Protection \(422\)/);
      assert.equal((r.stderr.match(/GitHub Free does not offer rulesets/g) ?? []).length, 1, 'one sentence for both branches');
      // What the plan allows is applied.
      assert.equal(store.repo.delete_branch_on_merge, true);
      assert.equal(store.vulnerabilityAlerts, true);
      assert.equal(store.automatedSecurityFixes, true);
      assert.equal(store.rulesets.length, 0);
      assert.equal(forge.find('PUT', '/repos/acme/widgets/branches/main/protection').length, 1, 'classic protection tried as the fallback');
      assert.deepEqual(forge.find('POST', /deployment-branch-policies$/), [], 'no branch policies for a skipped environment');
      const doc = JSON.parse(r.stdout) as { protected: string[]; skipped: { what: string }[] };
      assert.deepEqual(doc.protected, []);
      assert.deepEqual(doc.skipped.map((x) => x.what).sort(), ['branch rules', 'environments', 'secret scanning']);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });

  it('GitHub Pro/Team: environments without reviewers and wait timer, the rest applied', async () => {
    const box = githubBox({ policy: { environments: { production: { reviewers: ['octocat'], waitTimer: 5 } } } });
    const forge = await startFakeForge();
    const store = githubPolicy(forge, 'acme/widgets', { plan: 'team-private' });
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /does not offer required reviewers or wait timers on environments \(422; GitHub Enterprise does\): set up production with the branch policy only/);
      assert.equal(store.rulesets.length, 2);
      assert.deepEqual(store.environments.get('production')!.body, { deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } });
      assert.deepEqual(store.environments.get('production')!.policies.map((p) => p.name), ['main']);
      assert.equal(store.environments.get('staging')!.body.wait_timer, 0, 'staging has no gates, so it is set up whole');
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });
});

describe('flow protect where rulesets do not exist (older GitHub Enterprise Server)', () => {
  it('falls back to classic branch protection, and --check reads it', async () => {
    const box = githubBox();
    const forge = await startFakeForge();
    const store = githubPolicy(forge, 'acme/widgets', { rulesets: false });
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([...store.classic.keys()], ['main', 'develop']);
      assert.equal(store.classic.get('main')!.enforce_admins, true);
      assert.deepEqual(forge.find('POST', '/repos/acme/widgets/rulesets'), []);
      const c = await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(c.code, 0, c.stdout + c.stderr);
      store.classic.delete('develop');
      const d = await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(d.code, 1);
      assert.match(d.stdout, /branch develop: pull request required is false, expected true/);
    } finally {
      await forge.close();
    }
  });
});

describe('flow protect on a fresh consumer repository', () => {
  it('--dry-run with no forge reachable and no token prints the whole policy with placeholders', async () => {
    const local = sandbox();
    const dry = await flow(local, ['protect', '--dry-run'], { FLOWGATE_API_URL: 'http://127.0.0.1:9' });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^POST http:\/\/127\.0\.0\.1:9\/repos\/OWNER\/REPO\/rulesets$/m);
    assert.match(dry.stdout, /^PUT http:\/\/127\.0\.0\.1:9\/repos\/OWNER\/REPO\/environments\/production$/m);
    assert.match(dry.stderr, /set forge\.repo/);
    const real = await flow(local, ['protect'], { GITHUB_TOKEN: TOKEN });
    assert.equal(real.code, 2);
    assert.match(real.stderr, /forge\.repo/);
  });

  it('a glob-only protected list needs --branch', async () => {
    const other = githubBox({ protected: ['release/*'] });
    const r = await flow(other, ['protect', '--dry-run']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--branch/);
  });

  it('--branch narrows the run to those branches\' rules', async () => {
    const r = await flow(githubBox(), ['protect', '--dry-run', '--json', '--branch', 'release/1.x']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { requests: { method: string; url: string; body: { name?: string } }[] };
    assert.deepEqual(doc.requests.map((q) => `${q.method} ${q.url}`), ['POST https://api.github.com/repos/acme/widgets/rulesets']);
    assert.equal(doc.requests[0]!.body.name, 'flowgate: release/1.x');
  });
});

describe('flow protect on GitLab', () => {
  it('updates an existing protected branch in place (PATCH, never DELETE) and creates a missing one; Premium parts skipped on Free', async () => {
    const box = sandbox({ remote: false });
    box.gitOk(['remote', 'add', 'origin', 'https://gitlab.example.com/group/sub/widgets.git']);
    const forge = await startFakeForge();
    const base = '/projects/group%2Fsub%2Fwidgets';
    forge.on('GET', `${base}/protected_branches/main`, { body: { id: 1, name: 'main', push_access_levels: [{ id: 11, access_level: 40 }], merge_access_levels: [{ id: 12, access_level: 40 }], allow_force_push: false } });
    forge.on('GET', `${base}/protected_branches/develop`, { status: 404, body: { message: '404 Not found' } });
    forge.on('PATCH', `${base}/protected_branches/main`, { body: { id: 1, name: 'main' } });
    forge.on('POST', `${base}/protected_branches`, { status: 201, body: { id: 2, name: 'develop' } });
    forge.on('PUT', base, { body: { id: 9 } });
    forge.on('GET', `${base}/approval_rules`, { status: 403, body: { message: '403 Forbidden' } });
    forge.on('GET', `${base}/push_rule`, { status: 404, body: { message: '404 Not found' } });
    forge.on('POST', `${base}/push_rule`, { status: 403, body: { message: '403 Forbidden' } });
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      const writes = sent(forge, 0);
      assert.deepEqual(writes, [`PATCH ${base}/protected_branches/main`, `POST ${base}/protected_branches`, `PUT ${base}`, `POST ${base}/push_rule`]);
      assert.ok(!forge.requests.some((q) => q.method === 'DELETE'), 'a branch is never unprotected');
      assert.deepEqual(forge.find('PATCH', `${base}/protected_branches/main`)[0]!.body, {
        allow_force_push: false,
        allowed_to_push: [{ access_level: 0 }, { id: 11, _destroy: true }],
        allowed_to_merge: [{ access_level: 30 }, { id: 12, _destroy: true }],
      });
      assert.deepEqual(forge.requests.find((q) => q.method === 'POST')!.body, { name: 'develop', push_access_level: 0, merge_access_level: 30, allow_force_push: false });
      assert.equal((forge.find('PUT', base)[0]!.body as Record<string, unknown>).only_allow_merge_if_pipeline_succeeds, false, 'no .gitlab-ci.yml: pipelines cannot be required');
      assert.match(r.stderr, /GitLab Free does not offer approval rules and push rules on group\/sub\/widgets \(403; GitLab Premium does\): skipped them\./);
      assert.equal(forge.requests[0]!.headers['private-token'], TOKEN);
      assertNoToken(r);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });

  it('a failed update leaves the branch protected: no DELETE, exit 2', async () => {
    const box = sandbox({ remote: false });
    box.gitOk(['remote', 'add', 'origin', 'https://gitlab.example.com/group/widgets.git']);
    const forge = await startFakeForge();
    const base = '/projects/group%2Fwidgets';
    forge.on('GET', /\/protected_branches\/(main|develop)$/, { body: { id: 1, name: 'main', push_access_levels: [], merge_access_levels: [] } });
    forge.on('GET', `${base}/approval_rules`, { body: [] });
    forge.on('GET', `${base}/push_rule`, { body: null });
    forge.on('PATCH', `${base}/protected_branches/main`, { status: 422, body: { message: 'allowed_to_push is invalid' } });
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: TOKEN });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /allowed_to_push is invalid/);
      assert.ok(!forge.requests.some((q) => q.method === 'DELETE'));
    } finally {
      await forge.close();
    }
  });

  it('Premium: approval rules name the protected branch ids; --check lists drift in access levels', async () => {
    const box = sandbox({ remote: false });
    box.gitOk(['remote', 'add', 'origin', 'https://gitlab.com/group/widgets.git']);
    box.write('.gitlab-ci.yml', 'test:\n  script: [npm test]\n');
    const forge = await startFakeForge();
    const base = '/projects/group%2Fwidgets';
    forge.on('GET', `${base}/protected_branches/main`, { body: { id: 1, name: 'main', push_access_levels: [{ id: 11, access_level: 0 }], merge_access_levels: [{ id: 12, access_level: 30 }], allow_force_push: false } });
    forge.on('GET', `${base}/protected_branches/develop`, { body: { id: 2, name: 'develop', push_access_levels: [{ id: 21, access_level: 30 }], merge_access_levels: [{ id: 22, access_level: 30 }], allow_force_push: true } });
    forge.on('PATCH', /\/protected_branches\/(main|develop)$/, (req) => ({ body: { id: req.path.endsWith('main') ? 1 : 2 } }));
    forge.on('PUT', base, { body: {} });
    forge.on('GET', base, { body: { merge_method: 'merge', squash_option: 'default_off', remove_source_branch_after_merge: true, only_allow_merge_if_pipeline_succeeds: true, only_allow_merge_if_all_discussions_are_resolved: false } });
    forge.on('GET', `${base}/approval_rules`, { body: [{ id: 70, name: 'flowgate: main' }] });
    forge.on('PUT', `${base}/approval_rules/70`, { body: { id: 70 } });
    forge.on('POST', `${base}/approval_rules`, { status: 201, body: { id: 71 } });
    forge.on('POST', `${base}/approvals`, { status: 201, body: {} });
    forge.on('GET', `${base}/push_rule`, { body: { id: 5 } });
    forge.on('PUT', `${base}/push_rule`, { body: { id: 5 } });
    try {
      const r = await flow(box, ['protect'], { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /does not offer/);
      assert.deepEqual(forge.find('PUT', `${base}/approval_rules/70`)[0]!.body, { name: 'flowgate: main', approvals_required: 1, protected_branch_ids: [1], applies_to_all_protected_branches: false });
      assert.deepEqual((forge.find('POST', `${base}/approval_rules`)[0]!.body as { protected_branch_ids: number[] }).protected_branch_ids, [2]);
      assert.equal(forge.find('PUT', `${base}/push_rule`).length, 1, 'the existing push rule is updated');
      assert.equal((forge.find('PUT', base)[0]!.body as Record<string, unknown>).only_allow_merge_if_pipeline_succeeds, true, 'with CI, pipelines must succeed');
      const c = await flow(box, ['protect', '--check'], { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: TOKEN });
      assert.equal(c.code, 1, c.stderr);
      assert.deepEqual(c.stdout.trim().split('\n'), ['branch develop: allowed to push (access levels) is 30, expected 0', 'branch develop: force pushes allowed is true, expected false']);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });
});
