/**
 * `flow pr` and `flow <type> finish` end to end: real git (a work tree and a local bare origin),
 * the built CLI, the real Octokit / fetch clients, and a local fake forge on 127.0.0.1.
 *
 * How the forge is found: origin's fetch URL is the realistic `https://github.com/acme/widgets.git`
 * (what `git remote get-url origin` reports and flowgate parses), while its push URL
 * (`remote.origin.pushurl`) is the local bare repository, so `git push` works offline.
 * FLOWGATE_API_URL points the API at the fake server. The CLI runs asynchronously (spawn, not
 * spawnSync) so this process's fake server keeps answering while it runs.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commitsOnBranch, flowAsync, forgeSandbox, type RunResult, type Sandbox } from '../helpers/repo.js';
import { gitlabMergeRequests, githubPulls, refusedUrl, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';

const TOKEN = 'test-token-Zq9xW2-do-not-print';
const GITHUB_ORIGIN = 'https://github.com/acme/widgets.git';

const flow = flowAsync;

/** A sandbox whose origin looks like GitHub (or GitLab) and pushes to the local bare repository. */
function repository(opts: { origin?: string; develop?: boolean } = {}): Sandbox {
  return forgeSandbox(opts.origin ?? GITHUB_ORIGIN, opts);
}

/** Check out a new branch in the shared repository with some commits (tests share one sandbox to stay fast). */
function onBranch(box: Sandbox, branch: string, opts: { from?: string; commits?: string[] } = {}): Sandbox {
  const from = opts.from ?? (box.git(['rev-parse', '--verify', '--quiet', 'develop']).code === 0 ? 'develop' : 'main');
  return commitsOnBranch(box, branch, opts.commits ?? ['feat: add the login form'], from);
}

function remoteHas(box: Sandbox, branch: string): boolean {
  return box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).code === 0;
}

function assertNoSecret(r: RunResult, secret: string): void {
  assert.ok(!r.stdout.includes(secret), `secret on stdout: ${r.stdout}`);
  assert.ok(!r.stderr.includes(secret), `secret on stderr: ${r.stderr}`);
}

// The three suites use their own sandboxes and servers, so they run side by side.
describe('flow pr', { concurrency: true }, () => {
describe('flow pr against a fake GitHub', { concurrency: 1 }, () => {
  let forge: FakeForge;
  let env: NodeJS.ProcessEnv;
  let repo: Sandbox;
  before(async () => {
    repo = repository();
    forge = await startFakeForge();
    githubPulls(forge, 'acme/widgets', { issues: { 7: 'Export the report as CSV' } });
    env = { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN };
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });

  it('pushes with upstream, opens exactly one PR into develop with #123 in the body; a second run reuses it', async () => {
    const box = onBranch(repo, 'feature/123-add-login');
    const first = await flow(box, ['pr'], env);
    assert.equal(first.code, 0, first.stderr);
    const posts = forge.find('POST', '/repos/acme/widgets/pulls').filter((r) => (r.body as { head: string }).head === 'feature/123-add-login');
    assert.equal(posts.length, 1);
    const body = posts[0]!.body as { base: string; head: string; title: string; body: string; draft: boolean };
    assert.equal(body.base, 'develop');
    assert.equal(body.title, 'feat: add the login form', 'the single commit gives the title');
    assert.match(body.body, /Closes #123\b/);
    assert.equal(body.draft, false);
    assert.equal(posts[0]!.headers.authorization, `token ${TOKEN}`);
    const url = first.stdout.trim();
    assert.match(url, /^https:\/\/github\.com\/acme\/widgets\/pull\/\d+$/);
    assert.equal(first.stdout, `${url}\n`, 'only the URL on stdout');
    assert.ok(remoteHas(box, 'feature/123-add-login'), 'branch pushed');
    assert.equal(box.gitOk(['rev-parse', '--abbrev-ref', '@{upstream}']), 'origin/feature/123-add-login');

    const postsBefore = forge.find('POST', '/repos/acme/widgets/pulls').length;
    const second = await flow(box, ['feature', 'finish'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(forge.find('POST', '/repos/acme/widgets/pulls').length, postsBefore, 'no second POST');
    assert.equal(second.stdout, first.stdout, 'same URL printed');
    assert.match(second.stderr, /already open; reusing it/);
    const lookup = forge.find('GET', '/repos/acme/widgets/pulls').at(-1)!;
    assert.deepEqual({ head: lookup.query.head, base: lookup.query.base, state: lookup.query.state }, { head: 'acme:feature/123-add-login', base: 'develop', state: 'open' });
  });

  it('hotfix finish opens two PRs, into main and into develop', async () => {
    const box = onBranch(repo, 'hotfix/125-null-crash', { from: 'main', commits: ['fix: guard the null crash', 'test: cover the crash'] });
    const r = await flow(box, ['hotfix', 'finish'], env);
    assert.equal(r.code, 0, r.stderr);
    const posts = forge.find('POST', '/repos/acme/widgets/pulls').filter((p) => (p.body as { head: string }).head === 'hotfix/125-null-crash');
    assert.deepEqual(posts.map((p) => (p.body as { base: string }).base), ['main', 'develop']);
    assert.equal((posts[0]!.body as { title: string }).title, 'fix: null crash', 'two commits: title from the branch');
    assert.equal(r.stdout.trim().split('\n').length, 2);
  });

  it('--draft --base --title --body, and --json', async () => {
    const box = onBranch(repo, 'feature/124-search', { commits: ['feat: search', 'feat: search more'] });
    const r = await flow(box, ['pr', '--draft', '--base', 'main', '--title', 'feat: custom title', '--body', 'Custom body text', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const posts = forge.find('POST', '/repos/acme/widgets/pulls').filter((p) => (p.body as { head: string }).head === 'feature/124-search');
    assert.equal(posts.length, 1);
    const body = posts[0]!.body as { base: string; title: string; body: string; draft: boolean };
    assert.deepEqual({ base: body.base, title: body.title, draft: body.draft }, { base: 'main', title: 'feat: custom title', draft: true });
    assert.match(body.body, /^Custom body text/);
    assert.match(body.body, /Closes #124/);
    const doc = JSON.parse(r.stdout) as { branch: string; pushed: boolean; pullRequests: { base: string; url: string; number: number; created: boolean; reused: boolean }[]; compareUrls: string[] };
    assert.equal(doc.branch, 'feature/124-search');
    assert.equal(doc.pushed, true);
    assert.equal(doc.pullRequests.length, 1);
    assert.equal(doc.pullRequests[0]!.base, 'main');
    assert.equal(doc.pullRequests[0]!.created, true);
    assert.equal(doc.pullRequests[0]!.reused, false);
    assert.match(doc.pullRequests[0]!.url, /\/pull\/\d+$/);
    assert.deepEqual(doc.compareUrls, []);
  });

  it('the body comes from .github/pull_request_template.md; an issue-only branch takes the issue title', async () => {
    const box = onBranch(repo, 'feature/7', { commits: ['feat: one', 'feat: two'] });
    box.write('.github/pull_request_template.md', '## Summary\n\n## Linked issue\n\nCloses #\n\n## Testing\n\n- [ ] tests pass\n');
    const r = await flow(box, ['pr'], env);
    assert.equal(r.code, 0, r.stderr);
    const post = forge.find('POST', '/repos/acme/widgets/pulls').find((p) => (p.body as { head: string }).head === 'feature/7')!;
    const body = post.body as { title: string; body: string };
    assert.equal(body.title, 'feat: export the report as CSV');
    assert.equal(body.body, '## Summary\n\n## Linked issue\n\nCloses #7\n\n## Testing\n\n- [ ] tests pass');
  });

  it('--no-push opens the PR without pushing', async () => {
    const box = onBranch(repo, 'feature/126-no-push');
    const r = await flow(box, ['pr', '--no-push', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(remoteHas(box, 'feature/126-no-push'), false);
    assert.equal((JSON.parse(r.stdout) as { pushed: boolean }).pushed, false);
  });

  it('retries a gateway error a bounded number of times, then succeeds', async () => {
    const box = onBranch(repo, 'feature/127-retry');
    const local = await startFakeForge();
    local.on('GET', '/repos/acme/widgets/pulls', { status: 502, body: 'bad gateway' }, { times: 2 });
    githubPulls(local, 'acme/widgets');
    try {
      const r = await flow(box, ['pr'], { ...env, FLOWGATE_API_URL: local.url });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(local.find('GET', '/repos/acme/widgets/pulls').length, 3);
      assert.equal(local.find('POST', '/repos/acme/widgets/pulls').length, 1);
      assert.deepEqual(local.unexpected, []);
    } finally {
      await local.close();
    }
  });
});

describe('flow pr failures', { concurrency: 1 }, () => {
  let repo: Sandbox;
  before(() => {
    repo = repository();
  });

  it('no token: prints the compare URL on stdout and exits 0', async () => {
    const box = onBranch(repo, 'feature/201-no-token');
    const r = await flow(box, ['pr']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'https://github.com/acme/widgets/compare/develop...feature/201-no-token?expand=1\n');
    assert.match(r.stderr, /No token/);
    assert.ok(remoteHas(box, 'feature/201-no-token'));
  });

  it('no token, release finish: a compare URL per target; --json lists them', async () => {
    const box = onBranch(repo, 'release/1.4.0', { commits: ['chore(release): 1.4.0'] });
    const r = await flow(box, ['release', 'finish', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { compareUrls: string[] }).compareUrls, [
      'https://github.com/acme/widgets/compare/main...release/1.4.0?expand=1',
      'https://github.com/acme/widgets/compare/develop...release/1.4.0?expand=1',
    ]);
  });

  it('trunk-based (develop: null): the PR goes to main', async () => {
    const box = onBranch(repository({ develop: false }), 'feature/123-add-login');
    box.write('package.json', JSON.stringify({ name: 'app', private: true, flowgate: { branches: { develop: null } } }));
    const r = await flow(box, ['feature', 'finish']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'https://github.com/acme/widgets/compare/main...feature/123-add-login?expand=1\n');
  });

  it('credentials in the remote URL are never printed', async () => {
    const box = onBranch(repo, 'feature/202-credentials');
    box.gitOk(['remote', 'set-url', 'origin', 'https://bob:hunter2-url-secret@github.com/acme/widgets.git']);
    try {
      const r = await flow(box, ['pr']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'https://github.com/acme/widgets/compare/develop...feature/202-credentials?expand=1\n');
      assertNoSecret(r, 'hunter2-url-secret');
      const down = await flow(box, ['pr'], { FLOWGATE_API_URL: await refusedUrl(), GITHUB_TOKEN: TOKEN });
      assert.equal(down.code, 2);
      assertNoSecret(down, 'hunter2-url-secret');
    } finally {
      box.gitOk(['remote', 'set-url', 'origin', GITHUB_ORIGIN]);
    }
  });

  it('origin rewritten by url.<base>.insteadOf to a local mirror: the configured URL still names the forge', async () => {
    const box = onBranch(repo, 'feature/210-instead-of');
    box.gitOk(['config', '--unset', 'remote.origin.pushurl']);
    box.gitOk(['config', `url.${box.remote}.insteadOf`, GITHUB_ORIGIN]);
    try {
      assert.equal(box.gitOk(['remote', 'get-url', 'origin']), box.remote, 'git reports the rewritten URL');
      const r = await flow(box, ['pr']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'https://github.com/acme/widgets/compare/develop...feature/210-instead-of?expand=1\n');
      assert.ok(remoteHas(box, 'feature/210-instead-of'));
    } finally {
      box.gitOk(['config', '--unset', `url.${box.remote}.insteadOf`]);
      box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
    }
  });

  it('401: exit 2, one sentence, and the token appears nowhere', async () => {
    const forge = await startFakeForge();
    forge.on('GET', '/repos/acme/widgets/pulls', { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
    try {
      const box = onBranch(repo, 'feature/203-unauthorized');
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /rejected the token from GITHUB_TOKEN as invalid or expired \(401\)/);
      assertNoSecret(r, TOKEN);
      assert.equal(r.stdout, '');
      assert.ok(remoteHas(box, 'feature/203-unauthorized'), 'the push stays');
      assert.equal(forge.find('POST', /.*/).length, 0);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });

  it('422 "already exists" on create: looks it up and reuses it', async () => {
    const forge = await startFakeForge();
    const existing = { number: 55, html_url: 'https://github.com/acme/widgets/pull/55', title: 't', draft: false, state: 'open', base: { ref: 'develop' }, head: { ref: 'feature/204-exists' } };
    forge.on('GET', '/repos/acme/widgets/pulls', { body: [] }, { times: 1 });
    forge.on('POST', '/repos/acme/widgets/pulls', {
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:feature/204-exists.' }] },
    });
    forge.on('GET', '/repos/acme/widgets/pulls', { body: [existing] });
    try {
      const r = await flow(onBranch(repo, 'feature/204-exists'), ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'https://github.com/acme/widgets/pull/55\n');
      assert.equal(forge.find('POST', '/repos/acme/widgets/pulls').length, 1);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });

  it('422 "No commits between": says the branch has nothing ahead of the base', async () => {
    const forge = await startFakeForge();
    forge.on('GET', '/repos/acme/widgets/pulls', { body: [] });
    forge.on('POST', '/repos/acme/widgets/pulls', {
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between develop and feature/205-empty' }] },
    });
    try {
      const r = await flow(onBranch(repo, 'feature/205-empty'), ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /has no commits ahead of develop/);
    } finally {
      await forge.close();
    }
  });

  it('API down (connection refused): exit 2 quickly, the branch is still pushed', async () => {
    const box = onBranch(repo, 'feature/206-down');
    const r = await flow(box, ['pr'], { FLOWGATE_API_URL: await refusedUrl(), GITHUB_TOKEN: TOKEN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Cannot reach the GitHub API at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    assert.ok(r.ms < 15000, `took ${r.ms} ms`); // generous: the machine may be loaded; 'connection refused' above shows no wait for a timeout
    assert.ok(remoteHas(box, 'feature/206-down'));
    assertNoSecret(r, TOKEN);
  });

  it('API silent: gives up after FLOWGATE_API_TIMEOUT, exit 2', async () => {
    const forge = await startFakeForge();
    forge.on('GET', '/repos/acme/widgets/pulls', { body: [], delayMs: 5000 });
    try {
      const r = await flow(onBranch(repo, 'feature/207-silent'), ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN, FLOWGATE_API_TIMEOUT: '400' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no answer within 0\.4 s/);
      assert.ok(r.ms < 15000, `took ${r.ms} ms`);
    } finally {
      await forge.close();
    }
  });

  it('refused by the pre-push hook: exit 1 with the hook output, no PR', async () => {
    const box = onBranch(repo, 'feature/208-hook');
    const hooks = join(box.home, 'hooks');
    mkdirSync(hooks);
    writeFileSync(join(hooks, 'pre-push'), '#!/bin/sh\necho "REFUSED-BY-TEST-HOOK" >&2\nexit 1\n');
    chmodSync(join(hooks, 'pre-push'), 0o755);
    box.gitOk(['config', 'core.hooksPath', hooks]);
    const forge = await startFakeForge();
    try {
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: TOKEN });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /REFUSED-BY-TEST-HOOK/);
      assert.match(r.stderr, /refused by the pre-push hook/);
      assert.equal(r.stdout, '');
      assert.equal(forge.requests.length, 0);
      assert.equal(remoteHas(box, 'feature/208-hook'), false);
    } finally {
      box.gitOk(['config', '--unset', 'core.hooksPath']);
      await forge.close();
    }
  });

  it('on develop, or detached: exit 2 with advice, nothing pushed', async () => {
    const box = repo;
    box.gitOk(['switch', '-q', 'develop']);
    const onDevelop = await flow(box, ['pr']);
    assert.equal(onDevelop.code, 2);
    assert.match(onDevelop.stderr, /You are on develop.*flow feature start/);
    box.gitOk(['switch', '-q', '--detach', 'HEAD']);
    const detached = await flow(box, ['pr']);
    assert.equal(detached.code, 2);
    assert.match(detached.stderr, /HEAD is detached/);
  });

  it('`flow hotfix finish` on a feature branch is a usage error', async () => {
    const r = await flow(onBranch(repo, 'feature/209-wrong-finish'), ['hotfix', 'finish']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /runs on a hotfix\/ branch/);
  });
});

describe('flow pr against a fake GitLab', { concurrency: 1 }, () => {
  it('opens a merge request into develop, then reuses it', async () => {
    const forge = await startFakeForge();
    gitlabMergeRequests(forge, 'group/sub/widgets', 'gitlab.example.com');
    try {
      const box = onBranch(repository({ origin: 'git@gitlab.example.com:group/sub/widgets.git' }), 'feature/123-add-login');
      const genv = { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: TOKEN };
      const first = await flow(box, ['pr', '--draft'], genv);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout, 'https://gitlab.example.com/group/sub/widgets/-/merge_requests/1\n');
      const posts = forge.find('POST', '/projects/group%2Fsub%2Fwidgets/merge_requests');
      assert.equal(posts.length, 1);
      const body = posts[0]!.body as { source_branch: string; target_branch: string; title: string; description: string };
      assert.deepEqual([body.source_branch, body.target_branch, body.title], ['feature/123-add-login', 'develop', 'Draft: feat: add the login form']);
      assert.match(body.description, /Closes #123/);
      assert.equal(posts[0]!.headers['private-token'], TOKEN);

      const second = await flow(box, ['pr'], genv);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, first.stdout);
      assert.equal(forge.find('POST', '/projects/group%2Fsub%2Fwidgets/merge_requests').length, 1);
      assertNoSecret(second, TOKEN);
      assert.deepEqual(forge.unexpected, []);
    } finally {
      await forge.close();
    }
  });

  it('no token: the new merge request page', async () => {
    const box = onBranch(repository({ origin: 'https://gitlab.example.com/group/widgets.git' }), 'feature/123-add-login', { commits: [] });
    const r = await flow(box, ['pr', '--no-push']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'https://gitlab.example.com/group/widgets/-/merge_requests/new?merge_request[source_branch]=feature/123-add-login&merge_request[target_branch]=develop\n');
  });
});
});
