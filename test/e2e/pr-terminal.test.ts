/**
 * `flow pr` in a real terminal (tmux): the proposed title is editable, the body is offered, a
 * summary is shown and confirmed; forge calls show a spinner at a terminal and nothing when
 * piped. The fake forge answers from this process, slowly enough for the spinner to be seen.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, commitsOnBranch, flowAsync, forgeSandbox, type Sandbox } from '../helpers/repo.js';
import { startFakeForge, type FakeForge } from '../helpers/fake-forge.js';
import { inTerminal, q } from '../helpers/terminal.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe('flow pr at a terminal', { concurrency: 1 }, () => {
  let forge: FakeForge;
  let box: Sandbox;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    box = forgeSandbox();
    forge = await startFakeForge();
    // slow answers, so the spinner is on screen long enough to be seen
    forge.on('GET', '/repos/acme/widgets/pulls', { body: [], delayMs: 1500 });
    forge.on('POST', '/repos/acme/widgets/pulls', (req) => {
      const b = req.body as { head: string; base: string; title: string };
      return { status: 201, delayMs: 1500, body: { number: 501, html_url: 'https://github.com/acme/widgets/pull/501', title: b.title, draft: false, state: 'open', base: { ref: b.base }, head: { ref: b.head } } };
    });
    env = { ...box.env, GH_CONFIG_DIR: join(box.home, 'gh'), FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'test-token-tty-do-not-print' };
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });

  it('proposes the title from the commits, lets it be edited, shows a summary, then opens the PR under a spinner', async () => {
    commitsOnBranch(box, 'feature/401-terminal', ['feat: add the search box', 'test: cover the search box']);
    await inTerminal(env, async (t) => {
      t.start(box.dir, `${q(process.execPath)} ${q(CLI)} pr`);
      // the lookup of open PRs spins while the forge is slow
      await t.waitFor(new RegExp(`${SPINNER.source} Looking for an open pull request into develop`), 'the spinner of the lookup');
      await t.waitFor(/Title feat: terminal/, 'the proposed title');
      t.type(' search');
      t.key('Enter');
      await t.waitFor(/Body/);
      await t.waitFor(/Use the proposed body/);
      t.key('Enter');
      const summary = await t.waitFor(/What's next\?/);
      assert.match(summary, /Pull request feature\/401-terminal → develop/);
      assert.match(summary, /Title: feat: terminal search/);
      assert.match(summary, /- feat: add the search box/);
      t.key('Enter');
      await t.waitFor(new RegExp(`${SPINNER.source} Open the pull request from feature/401-terminal into develop`), 'the spinner of the create');
      assert.equal(await t.exitCode(), 0, t.screen());
      assert.match(t.screen(), /Opened pull request #501 into develop\./);
      assert.match(t.screen(), /^https:\/\/github\.com\/acme\/widgets\/pull\/501$/m);
    });
    const post = forge.find('POST', '/repos/acme/widgets/pulls').at(-1)!.body as { title: string; body: string };
    assert.equal(post.title, 'feat: terminal search');
    assert.equal(post.body, '- feat: add the search box\n- test: cover the search box\n\nCloses #401');
  });

  it('piped (no terminal): no question, no spinner, no progress line', async () => {
    box.gitOk(['switch', '-q', 'develop']);
    commitsOnBranch(box, 'feature/402-piped', ['feat: piped']);
    const r = await flowAsync(box, ['pr'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, SPINNER);
    assert.doesNotMatch(r.stderr, /Looking for|Open the pull request|Push feature|\u001b\[\?25l/);
    assert.equal(r.stdout, 'https://github.com/acme/widgets/pull/501\n');
  });
});
