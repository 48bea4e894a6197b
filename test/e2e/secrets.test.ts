/**
 * Secrets (issue 14): the pre-commit scan of the index through real `git commit`s with the packed
 * flowgate installed, `flow check --range` catching a `--no-verify` commit, and `flow audit` on
 * history, the work tree and (through Octokit) the forge stand-in. Every credential here is a
 * FAKE assembled at run time (test/helpers/fake-secrets.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fakes, githubToken, privateKey } from '../helpers/fake-secrets.js';
import { githubSecurity, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';
import { installedSandbox, type Installed } from '../helpers/installed.js';
import { flowAsync, sandbox, tempDir, type RunResult, type Sandbox } from '../helpers/repo.js';

const TOKEN = githubToken(14);

function assertNoSecret(text: string, secrets: string[] = [TOKEN]): void {
  for (const s of secrets) {
    assert.ok(!text.includes(s), `a secret leaked into the output:\n${text}`);
    // not even most of it
    assert.ok(!text.includes(s.slice(0, 12)), `the first 12 characters of a secret leaked:\n${text}`);
  }
}

/** Node processes started by hooks, one line of argv each (a --require preload writes them). */
function nodeStarts(): { env: NodeJS.ProcessEnv; starts(): string[] } {
  const dir = tempDir('flowgate-starts-');
  const log = join(dir, 'starts.log');
  const preload = join(dir, 'preload.cjs');
  // `hook <name> …` for a hook process, whether it went through the CLI or ran its bundle directly
  writeFileSync(
    preload,
    `const [main = '', ...rest] = process.argv.slice(1);
const bundle = /[\\\\/]dist[\\\\/]hook[\\\\/]([a-z-]+)\\.cjs$/.exec(main);
require('fs').appendFileSync(${JSON.stringify(log)}, (bundle ? ['hook', bundle[1], ...rest] : rest).join(' ') + '\\n');\n`,
  );
  return {
    env: { NODE_OPTIONS: `--require=${preload}` },
    starts: () => {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}

function head(box: Sandbox): string {
  return box.gitOk(['rev-parse', 'HEAD']);
}

function commit(box: Sandbox, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunResult {
  return box.git(['commit', '-q', '-m', 'feat: add things', ...args], { env });
}

describe('pre-commit refuses secrets in the index (installed hooks, real commits)', { concurrency: 1 }, () => {
  let box: Installed;
  before(() => {
    box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/14-secrets']);
  });
  beforeEach(() => {
    box.gitOk(['reset', '-q', '--hard', 'HEAD']);
    box.gitOk(['clean', '-qfd']);
  });

  it('names file, line and rule, masks the value, and says how to get out', () => {
    box.write('src/config.ts', `export const name = 'app';\n\nexport const token = '${TOKEN}';\n`);
    box.gitOk(['add', 'src/config.ts']);
    const before = head(box);
    const r = commit(box);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(head(box), before, 'no commit was made');
    assert.match(r.stderr, /src\/config\.ts:3:23/);
    assert.match(r.stderr, /github-pat/);
    assert.match(r.stderr, /ghp_\*{8,}/, 'the value masked to its prefix');
    assert.match(r.stderr, /flowgate-allow-secret/);
    assert.match(r.stderr, /"fingerprints": \["[0-9a-f]{16}"\]/);
    assert.doesNotMatch(r.stderr, /node_modules\/ is staged/);
    assertNoSecret(r.stdout + r.stderr);
  });

  it('a staged node_modules (a package README’s example token) is refused with the way out', () => {
    box.write('web/node_modules/some-sdk/README.md', `Use \`${TOKEN}\` as the token.\n`);
    box.gitOk(['add', '-f', 'web/node_modules/some-sdk/README.md']);
    const r = commit(box);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /web\/node_modules\/some-sdk\/README\.md:1/);
    assert.match(r.stderr, /web\/node_modules\/ is staged, and it does not belong in git: `git rm -r -q --cached web\/node_modules`/);
    assertNoSecret(r.stdout + r.stderr);
  });

  it('judges the index, not the work tree: staged-then-removed is refused, unstaged is not', () => {
    box.write('app.js', `const t = "${TOKEN}";\n`);
    box.gitOk(['add', 'app.js']);
    box.write('app.js', 'const t = process.env.TOKEN;\n'); // fixed on disk, not re-staged
    const staged = commit(box);
    assert.equal(staged.code, 1, staged.stderr);
    assert.match(staged.stderr, /app\.js:1/);
    assert.match(staged.stderr, /git add/);

    box.gitOk(['add', 'app.js']); // the fix staged: passes
    box.write('app.js', `const t = "${TOKEN}";\n`); // a token on disk only
    const unstaged = commit(box);
    assert.equal(unstaged.code, 0, unstaged.stderr);
    assert.equal(box.gitOk(['show', 'HEAD:app.js']), 'const t = process.env.TOKEN;');
  });

  it('a renamed file is reported under its new name; a pure rename adds nothing to report', () => {
    box.write('old-name.txt', 'line one\nline two\n');
    box.gitOk(['add', 'old-name.txt']);
    assert.equal(commit(box).code, 0);
    box.gitOk(['mv', 'old-name.txt', 'new-name.txt']);
    assert.equal(commit(box, ['-m', 'refactor: rename']).code, 0, 'a pure rename');
    box.gitOk(['mv', 'new-name.txt', 'renamed again.txt']);
    writeFileSync(join(box.dir, 'renamed again.txt'), `line one\nline two\nkey: ${fakes(2)['gitlab-pat']}\n`);
    box.gitOk(['add', '-A']);
    const r = commit(box);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /renamed again\.txt:3:6 {2}gitlab-pat/);
    assert.doesNotMatch(r.stderr, /new-name\.txt/);
  });

  it('a small binary file is read byte for byte; a 50 MB binary is skipped without being read', () => {
    const aws = fakes(3)['aws-access-key-id']!;
    const small = Buffer.concat([Buffer.from([0, 1, 2, 0, 255]), Buffer.from(`\n${aws}\n`), Buffer.alloc(64)]);
    writeFileSync(join(box.dir, 'blob.bin'), small);
    box.gitOk(['add', 'blob.bin']);
    const refused = commit(box);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /blob\.bin:2:1 {2}aws-access-key-id/);
    assertNoSecret(refused.stderr, [aws]);
    box.gitOk(['rm', '-q', '--cached', 'blob.bin']);

    // 50 MB with a token near its start: too large to read, so listed as skipped, and fast
    const big = Buffer.alloc(50 * 1024 * 1024);
    big.write(`\0${TOKEN}\n`, 1024);
    writeFileSync(join(box.dir, 'big.bin'), big);
    box.gitOk(['add', 'big.bin']);
    const started = Date.now();
    const r = commit(box, ['-m', 'chore: add the big file']);
    const ms = Date.now() - started;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /not scanned, larger than 2\.0 MiB: big\.bin \(50\.0 MiB\)/);
    assert.ok(ms < 15_000, `the commit took ${ms} ms`);
  });

  it('.env files with values are refused by key; templates are not', () => {
    box.write('.env.example', 'API_KEY=\nDATABASE_URL=postgres://localhost/app\n');
    box.gitOk(['add', '.env.example']);
    assert.equal(commit(box, ['-m', 'docs: env template']).code, 0);
    box.write('config/.env', 'API_KEY=f00d-cafe-1234\nEMPTY=\nDATABASE_URL=postgres://app:hunter2@db/app\n');
    box.gitOk(['add', '-f', 'config/.env']);
    const r = commit(box);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /config\/\.env:1:1 {2}dotenv {2}API_KEY=f00d\*+/);
    assert.match(r.stderr, /config\/\.env:3:1 {2}dotenv {2}DATABASE_URL=post\*+/);
    assert.match(r.stderr, /git rm --cached/);
    assertNoSecret(r.stderr, ['f00d-cafe-1234', 'hunter2']);
  });

  it('an inline allow comment lets one line through', () => {
    box.write('test/fixture.ts', `// a known test value\nexport const t = '${TOKEN}'; // flowgate-allow-secret\n`);
    box.gitOk(['add', 'test/fixture.ts']);
    const r = commit(box, ['-m', 'test: add a fixture']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('`git commit <path>` and `git commit -a` are judged on what they commit', () => {
    box.write('clean.txt', 'nothing here\n');
    box.write('leak.txt', `${fakes(4)['slack-bot-token']}\n`);
    box.gitOk(['add', 'clean.txt', 'leak.txt']);
    assert.equal(commit(box, ['clean.txt']).code, 0, 'only clean.txt is committed (a temporary index)');
    assert.equal(commit(box, ['leak.txt']).code, 1);
    box.gitOk(['reset', '-q', 'leak.txt']);
    box.gitOk(['add', '-N', 'leak.txt']); // intent to add: -a would commit it
    assert.equal(commit(box, ['-a']).code, 1);
  });

  it('starts Node for pre-commit only when a staged line holds a rule keyword (the dispatcher pre-filters)', () => {
    // 100 ordinary files, full of words like token, secret, password and key
    for (let i = 0; i < 100; i++) {
      box.write(`src/mod${i}.ts`, `// module ${i}\nexport function token${i}(secret: string, key = 'k${i}') {\n  const password = secret + key;\n  return password.length;\n}\n`);
    }
    box.gitOk(['add', 'src']);
    const first = commit(box, ['-m', 'feat: first (records the verdict)']);
    assert.equal(first.code, 0, first.stderr);
    box.write('src/mod0.ts', '// changed\n');
    box.gitOk(['add', 'src/mod0.ts']);
    const probe = nodeStarts();
    assert.equal(commit(box, ['-m', 'feat: second'], probe.env).code, 0);
    assert.deepEqual(probe.starts().filter((s) => s.startsWith('hook pre-commit')), [], 'no Node start for pre-commit');
    assert.ok(probe.starts().some((s) => s.startsWith('hook commit-msg')), 'the preload does record hook processes');

    box.write('src/mod1.ts', `export const k = '${fakes(5)['npm-access-token']}';\n`);
    box.gitOk(['add', 'src/mod1.ts']);
    const probe2 = nodeStarts();
    const r = commit(box, [], probe2.env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /src\/mod1\.ts:1:19 {2}npm-access-token/);
    assert.equal(probe2.starts().filter((s) => s.startsWith('hook pre-commit')).length, 1);
  });

  it('FLOWGATE_DEBUG output holds no secret either', () => {
    box.write('k.pem', `${privateKey(9)}\n`);
    box.gitOk(['add', 'k.pem']);
    const r = commit(box, [], { FLOWGATE_DEBUG: '1' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /k\.pem:1:1 {2}private-key/);
    assertNoSecret(r.stdout + r.stderr, privateKey(9).split('\n').slice(1, -1));
  });
});

describe('pre-commit: the allow-list and switches in config', { concurrency: 1 }, () => {
  it('paths, rules and fingerprints (as the refusal prints it) let findings through', () => {
    const box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/14-allow']);
    box.write('src/a.ts', `export const a = '${TOKEN}';\n`);
    box.gitOk(['add', 'src/a.ts']);
    const refused = commit(box);
    assert.equal(refused.code, 1);
    const fingerprint = /"fingerprints": \["([0-9a-f]{16})"\]/.exec(refused.stderr)?.[1];
    assert.ok(fingerprint, refused.stderr);

    const pkg = JSON.parse(readFileSync(join(box.pkg, 'package.json'), 'utf8'));
    pkg.flowgate = { secrets: { allow: { fingerprints: [fingerprint], paths: ['fixtures/**', '*.pem'], rules: ['stripe-secret-key'] } } };
    writeFileSync(join(box.pkg, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    box.write('fixtures/deep/tokens.json', JSON.stringify({ gitlab: fakes(6)['gitlab-pat'] }) + '\n');
    box.write('keys/server.pem', `${privateKey(6)}\n`);
    box.write('src/pay.ts', `export const s = '${fakes(6)['stripe-secret-key']}';\n`);
    box.gitOk(['add', '-A']);
    const r = commit(box);
    assert.equal(r.code, 0, r.stderr);

    // the same token elsewhere is still that fingerprint; another one is not allowed
    box.write('src/b.ts', `export const b = "${TOKEN}";\nexport const c = "${githubToken(15)}";\n`);
    box.gitOk(['add', 'src/b.ts']);
    const again = commit(box);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /src\/b\.ts:2:/);
    assert.doesNotMatch(again.stderr, /src\/b\.ts:1:/);
  });

  it('secrets.enabled false, or a pre-commit list without `secrets`, turns the hook scan off', () => {
    for (const config of [{ secrets: { enabled: false } }, { hooks: { 'pre-commit': ['protected-branch', 'branch-name'] } }]) {
      const box = installedSandbox({ config });
      box.gitOk(['switch', '-q', '-c', 'feature/14-off']);
      box.write('a.txt', `${TOKEN}\n`);
      box.gitOk(['add', 'a.txt']);
      const r = commit(box);
      assert.equal(r.code, 0, `${JSON.stringify(config)}: ${r.stderr}`);
      // and twice, through the dispatcher's fast path
      box.write('b.txt', `${TOKEN}\n`);
      box.gitOk(['add', 'b.txt']);
      assert.equal(commit(box).code, 0);
    }
  });
});

describe('flow check --range scans what the commits added (CI catches --no-verify)', () => {
  let box: Sandbox;
  let base: string;
  before(() => {
    box = sandbox();
    box.write('package.json', '{"name":"app","private":true}\n');
    box.gitOk(['switch', '-q', '-c', 'feature/14-check', 'develop']);
    base = head(box);
    box.write('README.md', '# app\n\nclean\n');
    box.gitOk(['commit', '-q', '-am', 'docs: clean commit']);
    box.write('deploy/settings.yml', `slack:\n  webhook: ${fakes(8)['slack-webhook-url']}\n`);
    box.gitOk(['add', 'deploy']);
    box.gitOk(['commit', '-q', '--no-verify', '-m', 'feat: add deploy settings']);
    box.gitOk(['rm', '-q', 'deploy/settings.yml']);
    box.gitOk(['commit', '-q', '--no-verify', '-m', 'fix: drop the settings again']);
  });

  it('exits 1 naming the commit, file and line, even after a later commit removed it', () => {
    const r = box.flow(['check', '--range', `${base}..HEAD`]);
    assert.equal(r.code, 1, r.stderr);
    const sha = box.gitOk(['rev-parse', '--short=8', 'HEAD~1']);
    assert.match(r.stderr, new RegExp(`secret added by commit ${sha}`));
    assert.match(r.stderr, /deploy\/settings\.yml:2:12 {2}slack-webhook-url/);
    assertNoSecret(r.stdout + r.stderr, [fakes(8)['slack-webhook-url']!]);
  });

  it('--json lists the finding with the value masked; Actions annotations point at the file and line', () => {
    const r = box.flow(['check', '--range', `${base}..HEAD`, '--json']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    const secret = doc.findings.find((f: { kind: string }) => f.kind === 'secret');
    assert.equal(secret.secret.rule, 'slack-webhook-url');
    assert.equal(secret.secret.path, 'deploy/settings.yml');
    assert.equal(secret.secret.line, 2);
    assertNoSecret(r.stdout, [fakes(8)['slack-webhook-url']!]);
    const actions = box.flow(['check', '--range', `${base}..HEAD`], { env: { GITHUB_ACTIONS: 'true' } });
    assert.match(actions.stdout, /^::error file=deploy\/settings\.yml,line=2,col=12,title=flowgate%3A secret::/m);
  });

  it('a clean range passes; secrets.enabled false skips the scan', () => {
    assert.equal(box.flow(['check', '--range', `${base}..HEAD~2`]).code, 0);
    box.write('flowgate.config.json', '{"secrets":{"enabled":false}}\n');
    try {
      assert.equal(box.flow(['check', '--range', `${base}..HEAD`]).code, 0);
    } finally {
      renameSync(join(box.dir, 'flowgate.config.json'), join(box.home, 'flowgate.config.json'));
    }
  });
});

describe('flow audit', { concurrency: 1 }, () => {
  let forge: FakeForge;
  before(async () => {
    forge = await startFakeForge();
  });
  after(() => forge.close());

  /** A repository whose history once held a token (removed since), with an untracked key file. */
  function leakyRepo(): Sandbox {
    const box = sandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/14-audit']);
    box.write('ci/publish.sh', `#!/bin/sh\nexport NPM=${fakes(10)['npm-access-token']}\nnpm publish\n`);
    box.gitOk(['add', 'ci']);
    box.gitOk(['commit', '-q', '-m', 'ci: publish']);
    box.write('ci/publish.sh', '#!/bin/sh\nnpm publish\n');
    box.gitOk(['commit', '-q', '-am', 'ci: use the NPM_TOKEN secret']);
    box.gitOk(['switch', '-q', 'main']); // the leak lives on another branch only
    mkdirSync(join(box.dir, 'keys'));
    box.write('keys/deploy.pem', `${privateKey(10)}\n`);
    return box;
  }

  it('scans every branch’s history and the work tree, values masked, exit 1', async () => {
    const box = leakyRepo();
    const r = await flowAsync(box, ['audit']);
    assert.equal(r.code, 1, r.stderr);
    const sha = box.gitOk(['rev-parse', '--short=8', 'feature/14-audit~1']);
    assert.match(r.stdout, new RegExp(`${sha} ci/publish\\.sh:2:12 {2}npm-access-token {2}npm_\\*+`));
    assert.match(r.stdout, /Work tree[^\n]*\n[^\n]*keys\/deploy\.pem:1:1 {2}private-key/);
    assert.match(r.stderr, /no remote named origin|not a GitHub repository/);
    assertNoSecret(r.stdout + r.stderr, [fakes(10)['npm-access-token']!, ...privateKey(10).split('\n').slice(1, -1)]);

    const j = await flowAsync(box, ['audit', '--json']);
    assert.equal(j.code, 1);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.ok, false);
    assert.equal(doc.history.findings.length, 1);
    assert.equal(doc.history.findings[0].commit, box.gitOk(['rev-parse', 'feature/14-audit~1']));
    assert.deepEqual(doc.workTree.findings.map((f: { path: string }) => f.path), ['keys/deploy.pem']);
    assert.equal(doc.forge, null);
    assertNoSecret(j.stdout, [fakes(10)['npm-access-token']!]);
  });

  it('a clean repository exits 0', async () => {
    const box = sandbox();
    const r = await flowAsync(box, ['audit', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).ok, true);
  });

  it('with a token: Actions secrets with their age (stale flagged), open Dependabot and code-scanning counts, all pages', async () => {
    const box = sandbox();
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git']);
    const day = 24 * 60 * 60 * 1000;
    const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString().replace(/\.\d+Z$/, 'Z');
    githubSecurity(forge, 'acme/widgets', {
      secrets: [
        { name: 'NPM_TOKEN', updatedAt: iso(10) },
        { name: 'DEPLOY_KEY', updatedAt: iso(400) },
        ...Array.from({ length: 120 }, (_, i) => ({ name: `FILLER_${String(i).padStart(3, '0')}`, updatedAt: iso(1) })),
      ],
      dependabot: { open: 130, fixed: 7 },
      codeScanning: { status: 404, body: { message: 'no analysis found' } },
    });
    const env = { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'fake-token-audit' };
    const r = await flowAsync(box, ['audit'], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /✖ DEPLOY_KEY\s+updated \d{4}-\d\d-\d\d \(400 days ago\): rotate it/);
    assert.match(r.stdout, /✔ NPM_TOKEN\s+updated \d{4}-\d\d-\d\d \(10 days ago\)/);
    assert.match(r.stdout, /Open Dependabot alerts: 130/);
    assert.match(r.stdout, /Open code-scanning alerts: not enabled/);
    assert.match(r.stderr, /code-scanning alerts are not enabled for acme\/widgets/);
    assert.ok(!(r.stdout + r.stderr).includes('fake-token-audit'));

    const j = await flowAsync(box, ['audit', '--json'], env);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.forge.actionsSecrets.length, 122, 'both pages of secrets');
    assert.deepEqual(doc.forge.actionsSecrets.filter((s: { stale: boolean }) => s.stale).map((s: { name: string }) => s.name), ['DEPLOY_KEY']);
    assert.equal(doc.forge.dependabotAlerts, 130);
    assert.equal(doc.forge.codeScanningAlerts, null);
    assert.equal(doc.problems, 131);
    const alertRequests = forge.find('GET', '/repos/acme/widgets/dependabot/alerts');
    assert.ok(alertRequests.length >= 4 && alertRequests.every((q) => q.query.state === 'open'), 'open alerts only, page by page');
    assert.ok(alertRequests.every((q) => q.headers.authorization === 'token fake-token-audit'));
    assert.deepEqual(forge.unexpected, []);

    // a stricter age in config flags the younger one too
    box.write('flowgate.config.json', '{"secrets":{"maxAgeDays":5}}\n');
    const strict = JSON.parse((await flowAsync(box, ['audit', '--json'], env)).stdout);
    assert.deepEqual(strict.forge.actionsSecrets.filter((s: { stale: boolean }) => s.stale).map((s: { name: string }) => s.name), ['DEPLOY_KEY', 'NPM_TOKEN']);
  });

  it('a forge error is one sentence and exit 2, after the local results', async () => {
    const box = sandbox();
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/locked.git']);
    forge.on('GET', '/repos/acme/locked/actions/secrets', { status: 401, body: { message: 'Bad credentials' } });
    const r = await flowAsync(box, ['audit'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'fake-token-expired' });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /History/);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('flowgate: '));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0]!, /rejected the token from GITHUB_TOKEN as invalid or expired \(401\) while trying to list the Actions secrets of acme\/locked; set GITHUB_TOKEN/);
    assert.ok(!r.stderr.includes('fake-token-expired'));
  });
});
