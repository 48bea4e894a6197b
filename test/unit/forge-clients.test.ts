/**
 * The GitHub (Octokit) and GitLab (fetch) clients in-process against the local fake forge:
 * issue titles, checks, and errors as sentences without the token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FlowError } from '../../src/errors.js';
import { createForge, type RemoteInfo } from '../../src/forge/index.js';
import { redact } from '../../src/core/redact.js';
import { startFakeForge, type FakeForge } from '../helpers/fake-forge.js';

const TOKEN = 'client-token-7QwE-secret';

describe('forge clients', () => {
  let forge: FakeForge;
  let github: RemoteInfo;
  let gitlab: RemoteInfo;
  before(async () => {
    forge = await startFakeForge();
    github = { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: forge.url };
    gitlab = { provider: 'gitlab', host: 'gitlab.com', repoPath: 'g/sub/p', webUrl: 'https://gitlab.com/g/sub/p', apiUrl: forge.url };
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });

  it('GitHub issue title; a missing issue or a tracker key is undefined', async () => {
    forge.on('GET', '/repos/acme/widgets/issues/5', { body: { number: 5, title: 'Add login page' } });
    forge.on('GET', '/repos/acme/widgets/issues/6', { status: 404, body: { message: 'Not Found' } });
    const client = await createForge(github, TOKEN);
    assert.equal(await client.issueTitle('5'), 'Add login page');
    assert.equal(await client.issueTitle('6'), undefined);
    assert.equal(await client.issueTitle('ABC-1'), undefined);
  });

  it('GitHub checks: check runs and commit statuses of the head commit', async () => {
    const sha = 'a'.repeat(40);
    forge.on('GET', `/repos/acme/widgets/commits/${sha}/check-runs`, {
      body: { total_count: 2, check_runs: [{ name: 'flow check', status: 'completed', conclusion: 'success' }, { name: 'build and test', status: 'in_progress', conclusion: null }] },
    });
    forge.on('GET', `/repos/acme/widgets/commits/${sha}/status`, { body: { state: 'pending', statuses: [{ context: 'ci/legacy', state: 'failure' }] } });
    const client = await createForge(github, TOKEN);
    const checks = await client.pullRequestChecks({ number: 1, url: '', title: '', base: 'develop', head: 'feature/x', draft: false, state: 'open', headSha: sha });
    assert.deepEqual(checks, [
      { name: 'flow check', status: 'completed', conclusion: 'success' },
      { name: 'build and test', status: 'in_progress', conclusion: null },
      { name: 'ci/legacy', status: 'completed', conclusion: 'failure' },
    ]);
  });

  it('GitHub 401 becomes a FlowError sentence without the token', async () => {
    forge.on('GET', '/repos/acme/widgets/issues/7', { status: 401, body: { message: 'Bad credentials' } });
    const client = await createForge(github, TOKEN, 'GITHUB_TOKEN');
    await assert.rejects(client.issueTitle('7'), (e: unknown) => {
      assert.ok(e instanceof FlowError);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, /rejected the token from GITHUB_TOKEN/);
      assert.ok(!e.message.includes(TOKEN));
      return true;
    });
    assert.equal(redact(`x ${TOKEN} y`), 'x *** y', 'createForge registers the token');
  });

  it('GitLab pipeline jobs map to GitHub-style checks', async () => {
    forge.on('GET', '/projects/g%2Fsub%2Fp/merge_requests/3/pipelines', { body: [{ id: 99 }, { id: 98 }] });
    forge.on('GET', '/projects/g%2Fsub%2Fp/pipelines/99/jobs', { body: [{ name: 'test', status: 'success' }, { name: 'lint', status: 'failed' }, { name: 'e2e', status: 'running' }] });
    forge.on('GET', '/projects/g%2Fsub%2Fp/issues/4', { body: { iid: 4, title: 'Fix the crash' } });
    const client = await createForge(gitlab, TOKEN);
    const checks = await client.pullRequestChecks({ number: 3, url: '', title: '', base: 'develop', head: 'feature/x', draft: false, state: 'open' });
    assert.deepEqual(checks, [
      { name: 'test', status: 'completed', conclusion: 'success' },
      { name: 'lint', status: 'completed', conclusion: 'failure' },
      { name: 'e2e', status: 'in_progress', conclusion: null },
    ]);
    assert.equal(await client.issueTitle('4'), 'Fix the crash');
    assert.equal(forge.find('GET', '/projects/g%2Fsub%2Fp/issues/4')[0]!.headers['private-token'], TOKEN);
  });
});
