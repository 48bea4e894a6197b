/**
 * `pr(options, deps)` with its dependencies swapped (gh's options struct): a scripted prompter in
 * place of the terminal, the real GitHub client pointed at the fake forge. Covers the answers
 * saved after a failed create (and proposed again), and Cancel.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pr, readOptions, type PrDeps } from '../../src/commands/pr.js';
import { createForge } from '../../src/forge/index.js';
import { scriptedPrompter, type ScriptedAnswer } from '../../src/prompts/index.js';
import { githubPulls, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';
import { sandbox, type Sandbox } from '../helpers/repo.js';

describe('pr() with injected dependencies', { concurrency: 1 }, () => {
  let forge: FakeForge;
  let box: Sandbox;
  const deps = (answers?: Record<string, ScriptedAnswer>): PrDeps => ({
    prompter: async () => (answers ? scriptedPrompter(answers) : undefined),
    findToken: async () => ({ token: 'unit-token', source: 'test' }),
    createForge: (remote, t) => createForge({ ...remote, apiUrl: forge.url }, t.token, t.source),
    openBrowser: async () => false,
  });
  before(async () => {
    box = sandbox();
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git']);
    box.gitOk(['switch', '-q', '-c', 'feature/601-typed', 'develop']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: typed']);
    forge = await startFakeForge();
    // the first create is refused, the second goes through
    forge.on('POST', '/repos/acme/widgets/pulls', { status: 403, body: { message: 'Resource not accessible by integration' } }, { times: 1 });
    githubPulls(forge, 'acme/widgets');
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });
  const saved = () => join(box.dir, '.git', 'flowgate', 'pr-answers.json');

  it('answers typed before a failed create are saved, then proposed again and dropped once the PR is open', async () => {
    const o = readOptions({ push: false, cwd: box.dir });
    await assert.rejects(pr(o, deps({ title: 'feat: typed by hand', body: 'edit', 'body-text': 'Typed body.', next: 'submit' })), /Resource not accessible|permission|403/);
    assert.deepEqual(JSON.parse(readFileSync(saved(), 'utf8')), { branch: 'feature/601-typed', title: 'feat: typed by hand', body: 'Typed body.', draft: false });
    assert.equal(forge.find('POST', '/repos/acme/widgets/pulls').length, 1);

    const code = await pr(readOptions({ push: false, fill: true, cwd: box.dir }), deps());
    assert.equal(code, 0);
    const post = forge.find('POST', '/repos/acme/widgets/pulls').at(-1)!.body as { title: string; body: string };
    assert.deepEqual({ title: post.title, body: post.body }, { title: 'feat: typed by hand', body: 'Typed body.' });
    assert.equal(existsSync(saved()), false);
  });

  it('Cancel opens nothing: exit 130', async () => {
    box.gitOk(['switch', '-q', '-c', 'feature/602-cancel', 'develop']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: cancel']);
    const before = forge.find('POST', '/repos/acme/widgets/pulls').length;
    const p = scriptedPrompter({ title: undefined, body: 'keep', next: 'cancel' });
    const code = await pr(readOptions({ push: false, cwd: box.dir }), { ...deps(), prompter: async () => p });
    assert.equal(code, 130);
    assert.deepEqual(p.asked, ['title', 'body', 'next']);
    assert.equal(forge.find('POST', '/repos/acme/widgets/pulls').length, before);
  });
});
