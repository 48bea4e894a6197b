/**
 * Hardening — secrets. Tokens from the environment, from the remote URL
 * (`https://x-access-token:…@`), from `gh auth token` and from `git credential` output never
 * appear on stdout, stderr, in `--json`, in debug output (FLOWGATE_DEBUG=1), nor in the argv of
 * any child process flowgate starts (git and gh are wrapped by shims that log their argv).
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, flowAsync, sandbox, type Sandbox } from '../helpers/repo.js';
import { refusedUrl, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';

// None of these has a well-known token shape: only flowgate's own bookkeeping can mask them.
const ENV_TOKEN = 'envtok-Zq9xW2-7d1f0c9e';
const URL_TOKEN = 'urltok-Kp4vB8-2a6e91b3';
const GH_TOKEN = 'ghtok-Lm3nQ7-88c0ffee';
const CRED_TOKEN = 'credtok-Tr5sY1-4b9d2e77';
const SECRETS = [ENV_TOKEN, URL_TOKEN, GH_TOKEN, CRED_TOKEN];
const ORIGIN = `https://x-access-token:${URL_TOKEN}@github.com/acme/widgets.git`;

/** Shims for git and gh in front of PATH: each logs its argv (one line per call), then does its job. */
function shims(box: Sandbox, opts: { ghToken?: string } = {}): { dir: string; log: string } {
  const dir = join(box.home, 'shims');
  const log = join(box.home, 'argv.log');
  mkdirSync(dir, { recursive: true });
  const realGit = '/usr/bin/git';
  writeFileSync(join(dir, 'git'), `#!/bin/sh\nprintf 'git %s\\n' "$*" >> '${log}'\nexec ${realGit} "$@"\n`);
  writeFileSync(
    join(dir, 'gh'),
    `#!/bin/sh\nprintf 'gh %s\\n' "$*" >> '${log}'\n${opts.ghToken ? `[ "$1 $2" = "auth token" ] && { echo '${opts.ghToken}'; exit 0; }\n` : ''}exit 1\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  chmodSync(join(dir, 'gh'), 0o755);
  return { dir, log };
}

const flow = flowAsync;

function assertClean(text: string, where: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${s} leaked into ${where}:\n${text}`);
}

describe('tokens never shown', { concurrency: 1 }, () => {
  let forge: FakeForge;
  let box: Sandbox;
  let shim: { dir: string; log: string };
  let PATH: string;

  before(async () => {
    forge = await startFakeForge();
    box = sandbox();
    box.gitOk(['remote', 'set-url', 'origin', ORIGIN]);
    box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
    box.gitOk(['switch', '-q', '-c', 'feature/80-secrets', 'develop']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: keep secrets']);
    shim = shims(box, { ghToken: GH_TOKEN });
    PATH = `${shim.dir}:${box.env.PATH}`;
    // a server that reflects the Authorization header into its error message
    forge.on('*', /^\/repos\/acme\/widgets\//, (req) => ({
      status: 401,
      body: { message: `Bad credentials: ${String(req.headers.authorization)} for ${ORIGIN}`, documentation_url: 'https://docs.github.com/rest' },
    }));
  });

  after(async () => {
    await forge.close();
  });

  const runs: { name: string; args: string[]; env: NodeJS.ProcessEnv; sent?: string }[] = [
    { name: 'flow pr, token in env, 401 echoing it', args: ['pr'], env: { GITHUB_TOKEN: ENV_TOKEN }, sent: ENV_TOKEN },
    { name: 'flow pr --json, token in env', args: ['pr', '--json'], env: { GITHUB_TOKEN: ENV_TOKEN }, sent: ENV_TOKEN },
    { name: 'flow status --json, token from gh', args: ['status', '--json'], env: {}, sent: GH_TOKEN },
    { name: 'flow feature finish, debug output on', args: ['feature', 'finish'], env: { GH_TOKEN: ENV_TOKEN, FLOWGATE_DEBUG: '1' }, sent: ENV_TOKEN },
    { name: 'flow doctor --json, token in env', args: ['doctor', '--json'], env: { GITHUB_TOKEN: ENV_TOKEN } },
  ];
  for (const { name, args, env, sent } of runs) {
    it(`${name}: no token on stdout or stderr`, async () => {
      forge.requests.length = 0;
      const r = await flow(box, args, { FLOWGATE_API_URL: forge.url, PATH, ...env });
      assert.ok(r.code === 0 || r.code === 1 || r.code === 2, `exit ${r.code}`);
      assertClean(r.stdout, 'stdout');
      assertClean(r.stderr, 'stderr');
      if (args.includes('--json') && r.stdout.trim()) assert.doesNotThrow(() => JSON.parse(r.stdout), 'stdout is one JSON document');
      // the token was read and sent (so there was something to leak)
      if (sent) assert.ok(forge.requests.some((q) => String(q.headers.authorization).includes(sent)), `${sent} was not sent`);
    });
  }

  it('token from the git credential helper (no env, no gh): sent to the forge, never printed', async () => {
    const helper = join(box.home, 'cred.sh');
    writeFileSync(helper, `#!/bin/sh\n[ "$1" = get ] || exit 0\ncat >/dev/null\necho username=x-access-token\necho password=${CRED_TOKEN}\n`);
    chmodSync(helper, 0o755);
    box.gitOk(['config', 'credential.helper', helper]);
    const noGh = shims(box); // gh that knows no token
    try {
      forge.requests.length = 0;
      const r = await flow(box, ['pr'], { FLOWGATE_API_URL: forge.url, PATH: `${noGh.dir}:${box.env.PATH}`, FLOWGATE_DEBUG: '1' });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /401/);
      assertClean(r.stdout + r.stderr, 'output');
      assert.ok(forge.requests.some((q) => String(q.headers.authorization).includes(CRED_TOKEN)), 'the helper’s token was used');
    } finally {
      box.gitOk(['config', '--unset', 'credential.helper']);
      shims(box, { ghToken: GH_TOKEN });
    }
  });

  it('network errors name the API without the URL’s credentials', async () => {
    const r = await flow(box, ['pr'], { FLOWGATE_API_URL: (await refusedUrl()).replace('http://', `http://user:${URL_TOKEN}@`), GITHUB_TOKEN: ENV_TOKEN, PATH, FLOWGATE_DEBUG: '1' });
    assert.equal(r.code, 2);
    assertClean(r.stdout + r.stderr, 'output');
  });

  it('the pre-push hook, pushing straight to a URL with credentials: refused without showing them', () => {
    // hooks: the built CLI on PATH as flowgate
    box.write('package.json', '{"name":"app","private":true}\n');
    mkdirSync(join(box.dir, 'node_modules', '.bin'), { recursive: true });
    const link = join(box.dir, 'node_modules', '.bin', 'flowgate');
    if (!existsSync(link)) writeFileSync(link, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    chmodSync(link, 0o755);
    assert.equal(box.flow(['install']).code, 0);
    const url = `https://x-access-token:${URL_TOKEN}@git.example.com/acme/widgets.git`;
    const r = box.git(['-c', `url.${box.remote}.insteadOf=${url}`, 'push', url, 'HEAD:main'], { env: { PATH } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /protected branch 'main'/);
    assertClean(r.stdout + r.stderr, 'the hook’s refusal');
  });

  it('debug stack traces are redacted too (a hook fed input that carries a credential URL)', () => {
    const line = `https://x-access-token:${URL_TOKEN}@github.com/acme/widgets.git garbage`;
    const r = box.flow(['hook', 'pre-push', 'origin', ORIGIN], { input: `${line}\n`, env: { FLOWGATE_DEBUG: '1' } });
    assert.notEqual(r.code, 0, 'garbage on stdin must fail the hook');
    assert.match(r.stderr, /unexpected pre-push input/);
    assert.match(r.stderr, /^\s+at /m, 'the debug stack is printed');
    assertClean(r.stdout + r.stderr, 'the hook’s debug output');
  });

  it('no child process ever got a token in its argv', () => {
    const log = readFileSync(shim.log, 'utf8');
    assert.match(log, /^git /m, 'the shims saw the calls');
    assert.match(log, /^gh auth token/m);
    // the test's own push above names the URL token: only flowgate's calls are checked
    const flowgateCalls = log.split('\n').filter((l) => !l.startsWith('git -c url.'));
    assertClean(flowgateCalls.join('\n'), 'a child process’s argv');
  });
});
