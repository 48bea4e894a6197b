/**
 * `flow pr` at gh's level, without a terminal: exact PR matching against a forge that ignores
 * the filters, the API version header, no retry of 406, --fill (template kept), a breaking `!`
 * kept in a branch title, reviewers/assignees/labels/milestone, --web, --dry-run, and answers
 * saved after a failure. Real git, a bare origin, the built CLI and the fake forge.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commitsOnBranch, flowAsync as flow, forgeSandbox, type Sandbox } from '../helpers/repo.js';
import { githubPulls, startFakeForge, type FakeForge, type FakePull } from '../helpers/fake-forge.js';

const TOKEN = 'test-token-Gh7level-do-not-print';

const postsFor = (forge: FakeForge, head: string) =>
  forge.find('POST', '/repos/acme/widgets/pulls').filter((r) => (r.body as { head: string }).head === head).map((r) => r.body as { base: string; title: string; body: string; draft: boolean });

describe('flow pr at gh’s level', { concurrency: 1 }, () => {
  let forge: FakeForge;
  let pulls: FakePull[];
  let box: Sandbox;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    box = forgeSandbox();
    forge = await startFakeForge();
    pulls = githubPulls(forge, 'acme/widgets', { ignoreFilters: true, milestones: { 'v1.0': 3 } });
    // another branch's open PR, which a filter-ignoring forge lists first
    pulls.push({ number: 1, title: 'feat: someone else', body: '', head: 'feature/1-other', base: 'develop', draft: false, state: 'open' });
    env = { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN };
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });

  it('reuses a listed PR only when head and base match; sends X-GitHub-Api-Version; "(draft)" only when asked', async () => {
    commitsOnBranch(box, 'feature/301-exact', ['feat: exact matching']);
    const r = await flow(box, ['pr'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(postsFor(forge, 'feature/301-exact').length, 1, 'a new PR, not the other branch’s #1');
    assert.doesNotMatch(r.stdout, /\/pull\/1\n/);
    assert.doesNotMatch(r.stderr, /draft/i);
    for (const req of forge.requests) assert.equal(req.headers['x-github-api-version'], '2022-11-28', `${req.method} ${req.path}`);
    const again = await flow(box, ['pr'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already open; reusing it/);
    assert.equal(postsFor(forge, 'feature/301-exact').length, 1);
  });

  it('406 is not retried', async () => {
    const local = await startFakeForge();
    local.on('GET', '/repos/acme/widgets/pulls', { status: 406, body: { message: 'Not Acceptable' } });
    try {
      commitsOnBranch(box, 'feature/302-not-acceptable', ['feat: x']);
      const r = await flow(box, ['pr', '--no-push'], { ...env, FLOWGATE_API_URL: local.url });
      assert.equal(r.code, 2);
      assert.equal(local.find('GET', '/repos/acme/widgets/pulls').length, 1);
    } finally {
      await local.close();
    }
  });

  it('--fill: title from the branch keeps a breaking "!", body lists the commits above the kept template; --draft says (draft)', async () => {
    box.gitOk(['switch', '-q', 'develop']);
    commitsOnBranch(box, 'feature/303-new-api', ['feat!: drop the v1 endpoints', 'docs: explain the v2 endpoints']);
    box.write('.github/pull_request_template.md', '## Summary\n\nCloses #\n');
    const r = await flow(box, ['pr', '--fill', '--draft'], env);
    assert.equal(r.code, 0, r.stderr);
    const [post] = postsFor(forge, 'feature/303-new-api');
    assert.equal(post!.title, 'feat!: new api');
    assert.equal(post!.body, '- feat!: drop the v1 endpoints\n- docs: explain the v2 endpoints\n\n## Summary\n\nCloses #303');
    assert.equal(post!.draft, true);
    assert.match(r.stderr, /Opened pull request #\d+ into develop \(draft\)/);
  });

  it('--reviewer, --assignee, --label, --milestone reach GitHub’s endpoints; --json has the documented fields', async () => {
    box.gitOk(['switch', '-q', 'develop']);
    commitsOnBranch(box, 'feature/304-meta', ['feat: metadata']);
    const r = await flow(box, ['pr', '--reviewer', 'alice,acme/core', '--assignee', 'bob', '--label', 'ui', '--label', 'search', '--milestone', 'v1.0', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { branch: string; pushed: boolean; pullRequests: { base: string; url: string; number: number; title: string; draft: boolean; created: boolean; reused: boolean }[]; compareUrls: string[] };
    assert.deepEqual(Object.keys(doc).sort(), ['branch', 'compareUrls', 'pullRequests', 'pushed']);
    const n = doc.pullRequests[0]!.number;
    assert.deepEqual(Object.keys(doc.pullRequests[0]!).sort(), ['base', 'created', 'draft', 'number', 'reused', 'title', 'url']);
    assert.deepEqual(forge.find('POST', `/repos/acme/widgets/pulls/${n}/requested_reviewers`)[0]?.body, { reviewers: ['alice'], team_reviewers: ['core'] });
    assert.deepEqual(forge.find('POST', `/repos/acme/widgets/issues/${n}/assignees`)[0]?.body, { assignees: ['bob'] });
    assert.deepEqual(forge.find('POST', `/repos/acme/widgets/issues/${n}/labels`)[0]?.body, { labels: ['ui', 'search'] });
    assert.deepEqual(forge.find('PATCH', `/repos/acme/widgets/issues/${n}`)[0]?.body, { milestone: 3 });
  });

  it('--web opens the compare page with $BROWSER, or prints it when no browser opens', async () => {
    box.gitOk(['switch', '-q', 'develop']);
    commitsOnBranch(box, 'feature/305-web', ['feat: finish in the browser']);
    const seen = join(box.home, 'browser-url');
    const browser = join(box.home, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`);
    chmodSync(browser, 0o755);
    const before = forge.requests.length;
    const r = await flow(box, ['pr', '--web'], { ...env, BROWSER: browser });
    assert.equal(r.code, 0, r.stderr);
    const url = readFileSync(seen, 'utf8');
    assert.match(url, /^https:\/\/github\.com\/acme\/widgets\/compare\/develop\.\.\.feature\/305-web\?expand=1&title=feat%3A%20finish%20in%20the%20browser&body=Closes%20%23305/);
    assert.equal(r.stdout, '');
    assert.equal(forge.requests.length, before, 'no API call');
    const none = await flow(box, ['pr', '--web', '--no-push'], { ...env, BROWSER: join(box.home, 'no-such-browser'), DISPLAY: '' });
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /^https:\/\/github\.com\/acme\/widgets\/compare\/develop\.\.\.feature\/305-web\?expand=1/);
  });

  it('--dry-run prints the steps, pushes nothing and calls no API; --json gives the plan', async () => {
    box.gitOk(['switch', '-q', 'develop']);
    commitsOnBranch(box, 'hotfix/306-dry', ['fix: dry'], 'main');
    const before = forge.requests.length;
    const r = await flow(box, ['hotfix', 'finish', '--dry-run'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'would push hotfix/306-dry to origin (set upstream)\nwould open the pull request from hotfix/306-dry into main\nwould open the pull request from hotfix/306-dry into develop\n',
    );
    const j = await flow(box, ['pr', '--dry-run', '--json', '--label', 'x'], env);
    const doc = JSON.parse(j.stdout) as { dryRun: boolean; steps: { kind: string; detail: { title?: string; body?: unknown } }[] };
    assert.equal(doc.dryRun, true);
    assert.deepEqual(doc.steps.map((s) => s.kind), ['push', 'open-pr', 'api-request', 'open-pr', 'api-request']);
    assert.equal(forge.requests.length, before);
    assert.equal(box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', 'refs/heads/hotfix/306-dry']).code, 1);
  });

  it('a failed create leaves the branch pushed (answers are saved only when typed)', async () => {
    const local = await startFakeForge();
    local.on('GET', '/repos/acme/widgets/pulls', { body: [] });
    local.on('POST', '/repos/acme/widgets/pulls', { status: 403, body: { message: 'Resource not accessible by integration' } });
    try {
      box.gitOk(['switch', '-q', 'develop']);
      commitsOnBranch(box, 'feature/307-refused', ['feat: refused']);
      const r = await flow(box, ['pr'], { ...env, FLOWGATE_API_URL: local.url });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is pushed; only the pull request is missing/);
      assert.equal(box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', 'refs/heads/feature/307-refused']).code, 0);
      assert.equal(existsSync(join(box.dir, '.git', 'flowgate', 'pr-answers.json')), false);
    } finally {
      await local.close();
    }
  });
});
