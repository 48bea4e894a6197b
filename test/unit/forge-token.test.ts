import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../../src/core/redact.js';
import { findTokenSource, parseCredential, tokenVariables, type Runner } from '../../src/forge/token.js';

interface Call {
  cmd: string;
  args: string[];
  input?: string;
  env: NodeJS.ProcessEnv;
}

/** A scripted runner: answers by command name and records what was run. */
function runner(answers: Record<string, { status: number; stdout: string }>): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = (cmd, args, opts) => {
    calls.push({ cmd, args, input: opts.input, env: opts.env });
    return answers[cmd] ?? { status: 1, stdout: '' };
  };
  return { run, calls };
}

const github = { provider: 'github' as const, host: 'github.com' };
const gitlab = { provider: 'gitlab' as const, host: 'gitlab.example.com' };

describe('findTokenSource', () => {
  it('takes GITHUB_TOKEN first, then GH_TOKEN, without running anything', async () => {
    const { run, calls } = runner({});
    assert.deepEqual(await findTokenSource(github, { env: { GITHUB_TOKEN: 'tok-one', GH_TOKEN: 'tok-two' }, run }), { token: 'tok-one', source: 'GITHUB_TOKEN' });
    assert.deepEqual(await findTokenSource(github, { env: { GH_TOKEN: 'tok-two' }, run }), { token: 'tok-two', source: 'GH_TOKEN' });
    assert.equal(calls.length, 0);
  });

  it('GitLab reads GITLAB_TOKEN and ignores GITHUB_TOKEN', async () => {
    const { run } = runner({});
    assert.equal((await findTokenSource(gitlab, { env: { GITLAB_TOKEN: 'gl-token', GITHUB_TOKEN: 'gh-token' }, run }))?.token, 'gl-token');
    assert.equal(await findTokenSource(gitlab, { env: { GITHUB_TOKEN: 'gh-token' }, run }), undefined);
  });

  it('asks gh for the host, then registers the token so it never prints', async () => {
    const { run, calls } = runner({ gh: { status: 0, stdout: 'gho_fromghcli1234\n' } });
    const found = await findTokenSource({ provider: 'github', host: 'github.example.com' }, { env: {}, run });
    assert.deepEqual(found, { token: 'gho_fromghcli1234', source: 'gh auth token' });
    assert.deepEqual(calls[0]!.args, ['auth', 'token', '--hostname', 'github.example.com']);
    assert.equal(redact('token is gho_fromghcli1234'), 'token is ***');
  });

  it('falls back to git credential fill with the host on stdin, never prompting', async () => {
    const { run, calls } = runner({ gh: { status: 1, stdout: '' }, git: { status: 0, stdout: 'protocol=https\nhost=github.com\nusername=bob\npassword=cred-helper-secret\n' } });
    const found = await findTokenSource(github, { env: {}, run });
    assert.deepEqual(found, { token: 'cred-helper-secret', source: 'git credential helper' });
    const git = calls.find((c) => c.cmd === 'git')!;
    assert.deepEqual(git.args, ['credential', 'fill']);
    assert.equal(git.input, 'protocol=https\nhost=github.com\n\n');
    assert.equal(git.env.GIT_TERMINAL_PROMPT, '0');
    assert.equal(git.env.GIT_ASKPASS, '');
    for (const c of calls) assert.ok(!c.args.some((a) => a.includes('secret')), 'no secret in argv');
  });

  it('GitLab skips gh and asks the credential helper for its host', async () => {
    const { run, calls } = runner({ git: { status: 0, stdout: 'password=gl-cred\n' } });
    assert.equal((await findTokenSource(gitlab, { env: {}, run }))?.token, 'gl-cred');
    assert.deepEqual(calls.map((c) => c.cmd), ['git']);
  });

  it('undefined when nothing has a token', async () => {
    const { run } = runner({ gh: { status: 1, stdout: '' }, git: { status: 128, stdout: '' } });
    assert.equal(await findTokenSource(github, { env: { GITHUB_TOKEN: '  ' }, run }), undefined);
  });
});

describe('helpers', () => {
  it('parseCredential reads the password line', () => {
    assert.equal(parseCredential('username=a\npassword=b c\n'), 'b c');
    assert.equal(parseCredential('username=a\n'), undefined);
  });
  it('Enterprise hosts also read GH_ENTERPRISE_TOKEN', () => {
    assert.deepEqual(tokenVariables({ provider: 'github', host: 'ghe.corp' }), ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN']);
    assert.deepEqual(tokenVariables(github), ['GITHUB_TOKEN', 'GH_TOKEN']);
  });
});
