import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { countChanges, formatStatus, nextStep, type StatusReport } from '../../src/flow/status.js';
import { CLI, isolatedEnv, run, sandbox, tempDir, type RunResult } from '../helpers/repo.js';


test('countChanges reads porcelain v1', () => {
  assert.deepEqual(countChanges('M  a\n M b\nMM c\n?? d\nUU e\nR  f -> g\n'), { staged: 3, unstaged: 2, untracked: 1, conflicted: 1 });
  assert.deepEqual(countChanges(''), { staged: 0, unstaged: 0, untracked: 0, conflicted: 0 });
});

test('formatStatus shows the PR, its checks and the next step', () => {
  const report: StatusReport = {
    branch: 'feature/1-x',
    detached: false,
    head: 'abc1234',
    kind: 'flow',
    type: 'feature',
    issue: '1',
    version: null,
    nameProblem: null,
    base: 'develop',
    baseRef: 'origin/develop',
    ahead: 2,
    behind: 1,
    targets: ['develop'],
    upstream: { name: 'origin/feature/1-x', ahead: 0, behind: 0, gone: false },
    changes: { staged: 1, unstaged: 0, untracked: 2, conflicted: 0 },
    pullRequests: [
      {
        base: 'develop',
        number: 7,
        url: 'https://github.com/o/r/pull/7',
        title: 'feat: x',
        draft: true,
        state: 'open',
        checks: [
          { name: 'lint', status: 'completed', conclusion: 'success' },
          { name: 'test', status: 'completed', conclusion: 'failure' },
          { name: 'e2e', status: 'in_progress', conclusion: null },
        ],
      },
    ],
  };
  const text = formatStatus(report).join('\n');
  assert.match(text, /^Branch {3}feature\/1-x \(feature, issue #1\)$/m);
  assert.match(text, /^Base {5}origin\/develop: 2 ahead, 1 behind$/m);
  assert.match(text, /^Upstream origin\/feature\/1-x: up to date$/m);
  assert.match(text, /^Changes {2}1 staged, 2 untracked$/m);
  assert.match(text, /^PR {7}#7 into develop \(draft\): feat: x$/m);
  assert.match(text, /^Checks {3}1 passed, 1 failed \(test\), 1 pending$/m);
  assert.equal(nextStep(report), undefined);
  assert.match(String(nextStep({ ...report, pullRequests: [] })), /flow pr/);
  assert.match(String(nextStep({ ...report, ahead: 0 })), /commit/);
});

function flowAsync(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function withServer(handler: (req: IncomingMessage, res: ServerResponse) => void, body: (url: string) => Promise<void>): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('flow status on a feature branch: type, issue, base, ahead/behind, upstream (text and --json)', () => {
  const sb = sandbox();
  sb.gitOk(['switch', '-q', '-c', 'feature/123-add-login', 'develop']);
  sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: one']);
  sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: two']);
  // origin/develop moves ahead by one
  sb.gitOk(['switch', '-q', 'develop']);
  sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'fix: elsewhere']);
  sb.gitOk(['push', '-q', 'origin', 'develop']);
  sb.gitOk(['reset', '-q', '--hard', 'HEAD~1']);
  sb.gitOk(['switch', '-q', 'feature/123-add-login']);
  sb.write('new.txt', 'x');

  const j = sb.flow(['status', '--json']);
  assert.equal(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.branch, 'feature/123-add-login');
  assert.equal(doc.type, 'feature');
  assert.equal(doc.issue, '123');
  assert.equal(doc.base, 'develop');
  assert.equal(doc.baseRef, 'origin/develop');
  assert.equal(doc.ahead, 2);
  assert.equal(doc.behind, 1);
  assert.equal(doc.upstream, null);
  assert.equal(doc.detached, false);
  assert.equal(doc.pullRequests, null);
  assert.deepEqual(doc.changes, { staged: 0, unstaged: 0, untracked: 1, conflicted: 0 });

  sb.gitOk(['push', '-q', '-u', 'origin', 'feature/123-add-login']);
  sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: three']);
  const t = sb.flow(['status']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /Branch {3}feature\/123-add-login \(feature, issue #123\)/);
  assert.match(t.stdout, /Base {5}origin\/develop: 3 ahead, 1 behind/);
  assert.match(t.stdout, /Upstream origin\/feature\/123-add-login: 1 ahead/);
  assert.match(t.stdout, /Changes {2}1 untracked/);

  // the upstream branch deleted on the remote
  sb.gitOk(['push', '-q', 'origin', '--delete', 'feature/123-add-login']);
  sb.gitOk(['fetch', '-q', '--prune', 'origin']);
  const gone = JSON.parse(sb.flow(['status', '--json']).stdout);
  assert.equal(gone.upstream.gone, true);
});

test('flow status on main, on a detached HEAD, with a badly named branch, and outside a repository', () => {
  const sb = sandbox();
  const main = sb.flow(['status']);
  assert.equal(main.code, 0, main.stderr);
  assert.match(main.stdout, /Branch {3}main \(long-lived\)/);
  assert.match(main.stdout, /flow feature start/);

  sb.gitOk(['switch', '-q', '--detach', 'HEAD']);
  const d = sb.flow(['status', '--json']);
  assert.equal(d.code, 0, d.stderr);
  const doc = JSON.parse(d.stdout);
  assert.equal(doc.detached, true);
  assert.equal(doc.branch, null);
  assert.match(doc.head, /^[0-9a-f]{7,}$/);
  assert.match(sb.flow(['status']).stdout, /HEAD {5}detached at [0-9a-f]{7}/);

  sb.gitOk(['switch', '-q', '-c', 'wip/77-stuff']);
  const bad = JSON.parse(sb.flow(['status', '--json']).stdout);
  assert.equal(bad.issue, '77');
  assert.match(bad.nameProblem, /unknown type 'wip'/);

  const dir = tempDir();
  const outside = run(process.execPath, [CLI, 'status'], { cwd: dir, env: isolatedEnv(join(dir)) });
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /not inside a git work tree/);
});

test('with a token: the open PR and its checks from the forge', async () => {
  const sb = sandbox();
  sb.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { forge: { provider: 'github', repo: 'acme/app' } } }));
  sb.gitOk(['switch', '-q', '-c', 'feature/5-x', 'develop']);
  sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: x']);
  const sha = sb.gitOk(['rev-parse', 'HEAD']);
  const seen: string[] = [];
  await withServer(
    (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/repos/acme/app/pulls') {
        assert.equal(url.searchParams.get('head'), 'acme:feature/5-x');
        assert.equal(url.searchParams.get('base'), 'develop');
        res.end(JSON.stringify([{ number: 42, html_url: 'https://github.com/acme/app/pull/42', title: 'feat: x', draft: false, state: 'open', base: { ref: 'develop' }, head: { ref: 'feature/5-x', sha } }]));
      } else if (url.pathname === `/repos/acme/app/commits/${sha}/check-runs`) {
        res.end(JSON.stringify({ total_count: 2, check_runs: [{ name: 'build', status: 'completed', conclusion: 'success' }, { name: 'test', status: 'queued', conclusion: null }] }));
      } else if (url.pathname === `/repos/acme/app/commits/${sha}/status`) {
        res.end(JSON.stringify({ state: 'success', statuses: [{ context: 'ci/legacy', state: 'failure' }] }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Not Found' }));
      }
    },
    async (api) => {
      const env = { ...sb.env, GITHUB_TOKEN: 'ghp_statustoken1234567890abcd', FLOWGATE_API_URL: api };
      const j = await flowAsync(sb.dir, env, ['status', '--json']);
      assert.equal(j.code, 0, j.stderr);
      const doc = JSON.parse(j.stdout);
      assert.equal(doc.pullRequests.length, 1);
      assert.equal(doc.pullRequests[0].number, 42);
      assert.equal(doc.pullRequests[0].base, 'develop');
      assert.deepEqual(
        doc.pullRequests[0].checks.map((c: { name: string }) => c.name),
        ['build', 'test', 'ci/legacy'],
      );
      const t = await flowAsync(sb.dir, env, ['status']);
      assert.match(t.stdout, /PR {7}#42 into develop: feat: x/);
      assert.match(t.stdout, /Checks {3}1 passed, 1 failed \(ci\/legacy\), 1 pending/);
      assert.doesNotMatch(t.stdout + t.stderr + j.stderr, /ghp_statustoken/);
    },
  );
  assert.ok(seen.some((s) => s.startsWith('GET /repos/acme/app/pulls?')), seen.join('\n'));
});

test('a forge failure (401) is a warning line, never a crash', async () => {
  const sb = sandbox();
  sb.write('package.json', JSON.stringify({ name: 'x', private: true, flowgate: { forge: { provider: 'github', repo: 'acme/app' } } }));
  sb.gitOk(['switch', '-q', '-c', 'feature/6-y', 'develop']);
  await withServer(
    (_req, res) => {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ message: 'Bad credentials' }));
    },
    async (api) => {
      const r = await flowAsync(sb.dir, { ...sb.env, GITHUB_TOKEN: 'ghp_badtoken1234567890abcdefgh', FLOWGATE_API_URL: api }, ['status', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /warning: could not look up the pull request/);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.pullRequests, null);
      assert.equal(doc.warnings.length, 1);
      assert.doesNotMatch(r.stdout + r.stderr, /ghp_badtoken/);
    },
  );
});
