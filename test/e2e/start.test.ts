import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultConfig } from '../../src/config/defaults.js';
import { checkBranchName, slugify, startBranchName } from '../../src/core/branch.js';
import { spawn } from 'node:child_process';
import { CLI, run, sandbox, tempDir, isolatedEnv } from '../helpers/repo.js';

/** Push a commit to origin's `branch` from a second clone, so origin is ahead of the sandbox. */
function advanceOrigin(sb: ReturnType<typeof sandbox>, branch: string): string {
  const other = join(sb.home, `clone-${Date.now()}`);
  sb.gitOk(['clone', '-q', '-b', branch, sb.remote, other]);
  sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: upstream work'], { cwd: other });
  sb.gitOk(['push', '-q', 'origin', branch], { cwd: other });
  return sb.gitOk(['rev-parse', 'HEAD'], { cwd: other });
}

test('feature start 123 "Add login page" → feature/123-add-login-page from the fetched tip of develop', () => {
  const sb = sandbox();
  const tip = advanceOrigin(sb, 'develop');
  assert.notEqual(sb.gitOk(['rev-parse', 'develop']), tip);
  const r = sb.flow(['feature', 'start', '123', 'Add', 'login', 'page']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'feature/123-add-login-page\n');
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/123-add-login-page');
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), tip);
  assert.match(r.stderr, /from origin\/develop/);
  // no upstream is set on the new branch (--no-track)
  assert.equal(sb.git(['rev-parse', '--abbrev-ref', '@{u}']).code === 0, false);
});

test('--json prints the document; a quoted description works the same as words', () => {
  const sb = sandbox();
  const r = sb.flow(['bugfix', 'start', '#124', 'Fix: the "typo" in $(README)!', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    branch: 'bugfix/124-fix-the-typo-in-readme',
    base: 'develop',
    startPoint: 'origin/develop',
    fetched: true,
    issue: '124',
    version: null,
  });
});

test('offline: warns, starts from the local base; --no-fetch does not fetch at all', () => {
  const sb = sandbox();
  advanceOrigin(sb, 'develop');
  const local = sb.gitOk(['rev-parse', 'develop']);
  sb.gitOk(['remote', 'set-url', 'origin', join(sb.home, 'gone.git')]);
  const r = sb.flow(['feature', 'start', '7', 'offline']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: could not fetch develop from origin/);
  // origin/develop (as last fetched) still exists and is preferred over the local branch
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), local);
  const j = sb.flow(['feature', 'start', '8', '--no-fetch', '--json']);
  assert.equal(j.code, 0, j.stderr);
  assert.equal(JSON.parse(j.stdout).fetched, false);
  assert.doesNotMatch(j.stderr, /Fetching|warning/);
});

test('no origin: starts from the local develop; no develop anywhere → from main with a note', () => {
  const sb = sandbox({ remote: false });
  const r = sb.flow(['feature', 'start', 'login-page', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { branch: 'feature/login-page', base: 'develop', startPoint: 'develop', fetched: false, issue: null, version: null });

  const bare = sandbox({ remote: false, develop: false });
  const m = bare.flow(['feature', 'start', '5', '--json']);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stderr, /note: there is no develop branch/);
  assert.equal(JSON.parse(m.stdout).base, 'main');
  assert.equal(bare.gitOk(['rev-parse', 'HEAD']), bare.gitOk(['rev-parse', 'main']));

  // with origin, but develop neither here nor there: from origin/main
  const noDevelop = sandbox({ develop: false });
  const o = noDevelop.flow(['chore', 'start', 'setup', '--json']);
  assert.equal(o.code, 0, o.stderr);
  assert.match(o.stderr, /note: there is no develop branch/);
  assert.equal(JSON.parse(o.stdout).startPoint, 'origin/main');

  // no branch at all to start from (an unborn main): exit 2 naming the fix, nothing created
  const empty = tempDir();
  const env = isolatedEnv(empty);
  run('git', ['init', '-q', '-b', 'main'], { cwd: empty, env });
  const e = run(process.execPath, [CLI, 'feature', 'start', '5'], { cwd: empty, env });
  assert.equal(e.code, 2, e.stderr);
  assert.match(e.stderr, /no branch 'main'/);
  assert.equal(run('git', ['for-each-ref'], { cwd: empty, env }).stdout, '');
});

test('an existing branch (local or on origin) is exit 2 and changes nothing', () => {
  const sb = sandbox();
  assert.equal(sb.flow(['feature', 'start', '123', 'Add login page']).code, 0);
  sb.gitOk(['switch', '-q', 'main']);
  sb.write('dirty.txt', 'x');
  const refs = sb.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']);
  const r = sb.flow(['feature', 'start', '123', 'add', 'login', 'page']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already exists/);
  assert.equal(r.stdout, '');
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
  assert.equal(sb.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']), refs);

  sb.gitOk(['push', '-q', 'origin', 'feature/123-add-login-page']);
  sb.gitOk(['branch', '-q', '-D', 'feature/123-add-login-page']);
  const o = sb.flow(['feature', 'start', '123', 'add login page']);
  assert.equal(o.code, 2);
  assert.match(o.stderr, /already exists on origin/);
  assert.equal(sb.git(['rev-parse', '--verify', '--quiet', 'refs/heads/feature/123-add-login-page']).code, 1);
});

test('hotfix starts from main (issue or version); trunk-based (develop: null) starts features from main', () => {
  const sb = sandbox();
  const main = advanceOrigin(sb, 'main');
  const h = sb.flow(['hotfix', 'start', '125', 'null crash', '--json']);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(JSON.parse(h.stdout).base, 'main');
  assert.equal(sb.gitOk(['rev-parse', 'HEAD']), main);
  const v = sb.flow(['hotfix', 'start', 'v1.3.1']);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout.trim(), 'hotfix/1.3.1');

  const trunk = sandbox({ develop: false });
  trunk.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { branches: { develop: null } } }));
  const t = trunk.flow(['feature', 'start', '9', 'x', '--json']);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(JSON.parse(t.stdout).startPoint, 'origin/main');
});

test('works while the base is checked out in another worktree', () => {
  const sb = sandbox();
  const wt = join(sb.home, 'wt-develop');
  sb.gitOk(['worktree', 'add', '-q', wt, 'develop']);
  const r = sb.flow(['feature', 'start', '11', 'parallel work']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'feature/11-parallel-work');
  // and from inside the linked worktree too
  sb.gitOk(['switch', '-q', '--detach'], { cwd: wt });
  const w = sb.flow(['feature', 'start', '12'], { cwd: wt });
  assert.equal(w.code, 0, w.stderr);
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD'], { cwd: wt }), 'feature/12');
});

test('no description, no token, no terminal → feature/123 without waiting', () => {
  const sb = sandbox();
  const started = Date.now();
  const r = sb.flow(['feature', 'start', '123']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'feature/123\n');
  assert.ok(Date.now() - started < 15_000);
});

test('no description and a token: the issue title from the forge names the branch', async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    if (req.url === '/repos/acme/app/issues/123') res.end(JSON.stringify({ number: 123, title: 'Add the login page' }));
    else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'Not Found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const sb = sandbox();
    sb.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { forge: { provider: 'github', repo: 'acme/app' } } }));
    const env = { GITHUB_TOKEN: 'ghp_testtoken1234567890abcdef', FLOWGATE_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    // asynchronous: the stand-in server answers from this process
    const child = spawn(process.execPath, [CLI, 'feature', 'start', '123'], { cwd: sb.dir, env: { ...sb.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    assert.equal(code, 0, stderr);
    assert.equal(stdout, 'feature/123-add-the-login-page\n');
    assert.ok(seen.includes('GET /repos/acme/app/issues/123'), seen.join(', '));
    assert.doesNotMatch(stderr, /ghp_testtoken/);
  } finally {
    server.close();
  }
});

test('usage errors: not a git repository, a slug where an issue is required, a type the config removed', () => {
  const dir = tempDir();
  const env = isolatedEnv(join(dir));
  const outside = run(process.execPath, [CLI, 'feature', 'start', '1'], { cwd: dir, env });
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /not inside a git work tree/);

  const sb = sandbox();
  sb.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { requireIssue: true, branchTypes: ['feature', 'hotfix', 'release'] } }));
  const slug = sb.flow(['feature', 'start', 'login-page']);
  assert.equal(slug.code, 2);
  assert.match(slug.stderr, /requires one/);
  const bugfix = sb.flow(['bugfix', 'start', '1']);
  assert.equal(bugfix.code, 2);
  assert.match(bugfix.stderr, /not one of this repository's branch types/);
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
});

test('property: every generated name passes git check-ref-format --branch and our own naming rules', () => {
  const config = defaultConfig();
  const nasty = fc.constantFrom('"', "'", '$(rm -rf /)', '`id`', '..', '@{u}', '~^:?*[\\', '/', '.lock', '-', '\u0000', '\u001b[31m', 'über', 'ñ', '日本語', '🚀', ' ', '\t', '\n', '#', '.');
  const text = fc.array(fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 6 }).map((parts) => parts.join(''));
  const subject = fc.oneof(fc.integer({ min: 0, max: 999999 }).map(String), fc.integer({ min: 1, max: 99 }).map((n) => `#${n}`), fc.constant('ABC-123'), text);
  const type = fc.constantFrom('feature', 'bugfix', 'hotfix', 'chore', 'docs', 'support');
  const samples = fc.sample(fc.tuple(type, subject, fc.option(text, { nil: undefined })), { numRuns: 400 });
  const names = new Map<string, unknown>();
  for (const [t, s, d] of samples) {
    const slug = slugify(d ?? '');
    assert.match(slug, /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, `slugify(${JSON.stringify(d)})`);
    const r = startBranchName({ type: t, subject: s, description: d }, config);
    if (!r.ok) continue;
    names.set(r.name, { t, s, d });
    const check = checkBranchName(r.name, config);
    assert.ok(check.ok, `${r.name} from ${JSON.stringify({ t, s, d })}: ${check.ok ? '' : check.reason}`);
  }
  assert.ok(names.size > 100, `only ${names.size} names generated`);
  // One shell, one git per name; names are arguments, never part of the script.
  const dir = tempDir();
  const r = run('sh', ['-c', 'for n do git check-ref-format --branch "$n" >/dev/null 2>&1 || printf "%s\\n" "$n"; done', 'sh', ...names.keys()], { cwd: dir, env: isolatedEnv(dir) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', `refused by git: ${r.stdout} from ${JSON.stringify(names.get(r.stdout.split('\n')[0]!))}`);
});

test('every branch type starts: chore, docs and support like feature; no argument prints the usage (exit 2)', () => {
  const sb = sandbox();
  for (const type of ['chore', 'docs', 'support']) {
    sb.gitOk(['switch', '-q', 'main']);
    const r = sb.flow([type, 'start', '31', `${type} work`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${type}/31-${type}-work\n`);
    assert.equal(sb.gitOk(['rev-parse', 'HEAD']), sb.gitOk(['rev-parse', 'origin/develop']));
    // the next type finds this issue's branch: one branch per issue
    sb.gitOk(['switch', '-q', 'main']);
    sb.gitOk(['branch', '-q', '-D', `${type}/31-${type}-work`]);
  }
  const usage = sb.flow(['feature', 'start']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /missing required argument/);
  assert.match(usage.stderr, /Usage: flow feature start \[options\] <issue> \[description\.\.\.\]/);
  assert.equal(usage.stdout, '');
  const help = sb.flow(['--help']);
  for (const type of ['feature', 'bugfix', 'hotfix', 'release', 'chore', 'docs', 'support']) assert.match(help.stdout, new RegExp(`^  ${type} `, 'm'));
});

test('one branch per issue: a branch for issue 42 (here or on origin) is named, never doubled; --switch goes to it', () => {
  const sb = sandbox();
  sb.gitOk(['branch', 'feature/42-add-search-box', 'develop']);
  const refs = sb.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']);
  const r = sb.flow(['feature', 'start', '42']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /A branch for issue 42 already exists: 'feature\/42-add-search-box'/);
  assert.match(r.stderr, /--switch/);
  const other = sb.flow(['bugfix', 'start', '#42', 'another name']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /feature\/42-add-search-box/);
  assert.equal(sb.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']), refs, 'nothing created');

  const s = sb.flow(['feature', 'start', '42', '--switch', '--json']);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(JSON.parse(s.stdout).branch, 'feature/42-add-search-box');
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/42-add-search-box');

  // only on origin: refused, or checked out tracking origin's with --switch
  sb.gitOk(['switch', '-q', 'main']);
  sb.gitOk(['push', '-q', 'origin', 'feature/42-add-search-box']);
  sb.gitOk(['branch', '-q', '-D', 'feature/42-add-search-box']);
  const o = sb.flow(['feature', 'start', '42', 'add', 'search']);
  assert.equal(o.code, 2);
  assert.match(o.stderr, /already exists on origin: 'feature\/42-add-search-box'/);
  assert.equal(sb.git(['rev-parse', '--verify', '--quiet', 'refs/heads/feature/42']).code, 1);
  const t = sb.flow(['feature', 'start', '42', '--switch']);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(sb.gitOk(['rev-parse', '--abbrev-ref', '@{u}']), 'origin/feature/42-add-search-box');

  // a version that already has a branch
  sb.gitOk(['switch', '-q', 'main']);
  sb.gitOk(['branch', 'hotfix/1.3.1', 'main']);
  const h = sb.flow(['hotfix', 'start', 'v1.3.1']);
  assert.equal(h.code, 2);
  assert.match(h.stderr, /hotfix\/1\.3\.1/);
});

test('--dry-run prints the steps and changes nothing; with --json the plan', () => {
  const sb = sandbox();
  advanceOrigin(sb, 'develop');
  const refs = sb.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']);
  const r = sb.flow(['feature', 'start', '77', 'dry', 'run', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'would fetch develop from origin\nwould create branch feature/77-dry-run from origin/develop (or develop) and switch to it\n');
  const j = sb.flow(['feature', 'start', '77', '--dry-run', '--json']);
  assert.equal(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.dryRun, true);
  assert.deepEqual(doc.steps.map((s: { kind: string }) => s.kind), ['fetch', 'create-branch']);
  assert.equal(doc.steps[1].detail.branch, 'feature/77');
  assert.equal(sb.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']), refs);
  assert.equal(sb.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
});
