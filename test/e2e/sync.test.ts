/**
 * `flow sync` end to end: real git, a work tree and a bare origin, a second clone standing in for
 * teammates and the forge's merge button, the built CLI, and (for merged-PR look-ups) the fake
 * forge behind the real Octokit client.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { flowAsync, run, sandbox, tempDir, type Sandbox } from '../helpers/repo.js';
import { githubPulls, gitlabMergeRequests, startFakeForge, type FakeForge } from '../helpers/fake-forge.js';

/** A second clone of origin: the teammate who merges pull requests. */
function coworker(box: Sandbox): (args: string[]) => string {
  const dir = join(tempDir(), 'coworker');
  run('git', ['clone', '-q', box.remote, dir], { env: box.env });
  return (args) => {
    const r = run('git', args, { cwd: dir, env: box.env });
    if (r.code !== 0) throw new Error(`coworker git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
}

function commitFile(box: Sandbox, file: string, content: string, message: string): string {
  box.write(file, content);
  box.gitOk(['add', file]);
  box.gitOk(['commit', '-q', '-m', message]);
  return box.gitOk(['rev-parse', 'HEAD']);
}

function repo(strategy?: 'merge' | 'rebase'): Sandbox {
  const box = sandbox();
  if (strategy) {
    box.write('flowgate.config.json', JSON.stringify({ sync: { strategy } }) + '\n');
    box.gitOk(['add', 'flowgate.config.json']);
    box.gitOk(['commit', '-q', '-m', 'chore: configure flowgate']);
    box.gitOk(['branch', '-f', 'develop', 'main']);
    box.gitOk(['push', '-q', '-f', 'origin', 'main', 'develop']);
  }
  return box;
}

/** develop moves on origin: a teammate's change lands there. */
function developMoves(box: Sandbox, file = 'other.txt', content = 'theirs\n'): string {
  const co = coworker(box);
  co(['switch', '-q', 'develop']);
  run('sh', ['-c', `printf '%s' "$0" > "$1"`, content, file], { cwd: co(['rev-parse', '--show-toplevel']), env: box.env });
  co(['add', file]);
  co(['commit', '-q', '-m', 'feat: a teammate change']);
  co(['push', '-q', 'origin', 'develop']);
  return co(['rev-parse', 'HEAD']);
}

function refsOf(box: Sandbox): string {
  return box.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']) + '\n' + box.gitOk(['rev-parse', 'HEAD']) + '\n' + box.gitOk(['status', '--porcelain']);
}

describe('flow sync', { concurrency: true }, () => {
  it('merge strategy: merges origin/develop with a conventional message, pushes, fast-forwards local develop', () => {
    const box = repo();
    box.gitOk(['switch', '-q', '-c', 'feature/1-login', 'develop']);
    const mine = commitFile(box, 'login.txt', 'login\n', 'feat: add login');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/1-login']);
    const theirs = developMoves(box);

    const r = box.flow(['sync']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['log', '-1', '--format=%s']), 'chore(sync): merge origin/develop into feature/1-login');
    assert.deepEqual(box.gitOk(['log', '-1', '--format=%P']).split(' '), [mine, theirs]);
    assert.equal(box.gitOk(['--git-dir', box.remote, 'rev-parse', 'feature/1-login']), box.gitOk(['rev-parse', 'HEAD']), 'pushed');
    assert.equal(box.gitOk(['rev-parse', 'develop']), theirs, 'local develop fast-forwarded');
    assert.match(r.stderr, /feature\/1-login is up to date with .*origin\/develop, and pushed/);
  });

  it('rebase strategy: replays the branch on origin/develop and pushes with a lease', () => {
    const box = repo('rebase');
    box.gitOk(['switch', '-q', '-c', 'feature/2-report', 'develop']);
    commitFile(box, 'report.txt', 'report\n', 'feat: add the report');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/2-report']);
    const theirs = developMoves(box);

    const r = box.flow(['sync', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.strategy, 'rebase');
    assert.equal(doc.updated, true);
    assert.equal(doc.pushed, true);
    assert.equal(box.gitOk(['rev-parse', 'HEAD~1']), theirs, 'linear on top of origin/develop');
    assert.equal(box.gitOk(['log', '-1', '--format=%s']), 'feat: add the report');
    assert.equal(box.gitOk(['rev-list', '--merges', '--count', 'HEAD']), '0');
    assert.equal(box.gitOk(['--git-dir', box.remote, 'rev-parse', 'feature/2-report']), box.gitOk(['rev-parse', 'HEAD']));
  });

  for (const strategy of ['merge', 'rebase'] as const) {
    it(`${strategy} conflict: stops with exit 1 and the exact commands; abort brings everything back`, () => {
      const box = repo(strategy);
      box.gitOk(['switch', '-q', '-c', 'feature/3-greeting', 'develop']);
      const mine = commitFile(box, 'greeting.txt', 'hello from me\n', 'feat: greet');
      box.gitOk(['push', '-q', '-u', 'origin', 'feature/3-greeting']);
      developMoves(box, 'greeting.txt', 'hello from them\n');

      const r = box.flow(['sync']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /stopped on a conflict in greeting\.txt/);
      assert.match(r.stderr, /, and run `npx flowgate sync` again to push; or /);
      if (strategy === 'merge') {
        assert.match(r.stderr, /`git commit --no-edit`/);
        assert.match(r.stderr, /`git merge --abort`/);
        assert.ok(existsSync(join(box.dir, '.git', 'MERGE_HEAD')), 'the merge waits for the user');
        box.gitOk(['merge', '--abort']);
      } else {
        assert.match(r.stderr, /`git rebase --continue`/);
        assert.match(r.stderr, /`git rebase --abort`/);
        assert.ok(existsSync(join(box.dir, '.git', 'rebase-merge')), 'the rebase waits for the user');
        box.gitOk(['rebase', '--abort']);
      }
      assert.equal(box.gitOk(['rev-parse', 'HEAD']), mine, 'nothing lost');
      assert.equal(box.gitOk(['--git-dir', box.remote, 'rev-parse', 'feature/3-greeting']), mine, 'nothing pushed');
      // the same conflict again; a sync while it is open is refused
      assert.equal(box.flow(['sync']).code, 1);
      const again = box.flow(['sync']);
      assert.equal(again.code, 2);
      assert.match(again.stderr, new RegExp(`A ${strategy} is in progress`));
    });
  }

  it('prunes branches merged (merge and squash merge) but keeps fresh, unmerged and protected ones', () => {
    const box = repo();
    const co = coworker(box);
    // feature/4: merged with a merge commit, then deleted on origin
    box.gitOk(['switch', '-q', '-c', 'feature/4-merged', 'develop']);
    commitFile(box, 'four.txt', '4\n', 'feat: four');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/4-merged']);
    // feature/5: squash-merged (two commits become one), never pushed by us
    box.gitOk(['switch', '-q', '-c', 'feature/5-squashed', 'develop']);
    commitFile(box, 'five.txt', '5a\n', 'feat: five');
    commitFile(box, 'five.txt', '5b\n', 'fix: five again');
    box.gitOk(['push', '-q', 'origin', 'feature/5-squashed']);
    // feature/7: just started, no commits; feature/6: unmerged work, checked out
    box.gitOk(['branch', 'feature/7-fresh', 'develop']);
    // feature/13: fast-forward merged into develop by hand, never pushed
    box.gitOk(['switch', '-q', '-c', 'feature/13-ff', 'develop']);
    commitFile(box, 'thirteen.txt', '13\n', 'feat: thirteen');
    box.gitOk(['switch', '-q', 'develop']);
    box.gitOk(['merge', '-q', '--ff-only', 'feature/13-ff']);
    box.gitOk(['push', '-q', 'origin', 'develop']);
    box.gitOk(['switch', '-q', '-c', 'feature/6-open', 'develop']);
    commitFile(box, 'six.txt', '6\n', 'feat: six');

    co(['fetch', '-q', 'origin']);
    co(['switch', '-q', 'develop']);
    co(['merge', '-q', '--no-ff', '-m', 'Merge pull request #4 from acme/feature/4-merged', 'origin/feature/4-merged']);
    co(['merge', '-q', '--squash', 'origin/feature/5-squashed']);
    co(['commit', '-q', '-m', 'feat: five (#5)']);
    co(['push', '-q', 'origin', 'develop', ':feature/4-merged', ':feature/5-squashed']);

    box.gitOk(['fetch', '-q', '--prune', 'origin']);
    const before = refsOf(box);
    const planned = box.flow(['sync', '--dry-run']);
    assert.equal(planned.code, 0, planned.stderr);
    assert.match(planned.stdout, /^would delete local branch feature\/4-merged \(it is merged into origin\/develop\)$/m);
    assert.match(planned.stdout, /^would delete local branch feature\/5-squashed \(its changes are in origin\/develop \(squash or rebase merge\)\)$/m);
    assert.ok(planned.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('would ')), planned.stdout);
    assert.equal(refsOf(box), before, '--dry-run changed nothing');

    const r = box.flow(['sync', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.pruned.map((p: { branch: string }) => p.branch).sort(), ['feature/13-ff', 'feature/4-merged', 'feature/5-squashed']);
    const left = box.gitOk(['for-each-ref', '--format=%(refname:short)', 'refs/heads/']).split('\n').sort();
    assert.deepEqual(left, ['develop', 'feature/6-open', 'feature/7-fresh', 'main']);
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/6-open');
  });

  it('rebase after a squash-merged parent leaves the parent’s commits out (no phantom conflict, git-town#3236)', () => {
    const box = repo('rebase');
    const co = coworker(box);
    box.gitOk(['switch', '-q', 'develop']);
    commitFile(box, 'x.txt', '1\n', 'chore: add x');
    box.gitOk(['push', '-q', 'origin', 'develop']);
    box.gitOk(['switch', '-q', '-c', 'feature/8-parent', 'develop']);
    commitFile(box, 'x.txt', 'a1\n', 'feat: parent one');
    commitFile(box, 'x.txt', 'a2\n', 'feat: parent two');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/8-parent']);
    box.gitOk(['switch', '-q', '-c', 'feature/9-child']);
    commitFile(box, 'x.txt', 'b\n', 'feat: child');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/9-child']);
    co(['fetch', '-q', 'origin']);
    co(['switch', '-q', 'develop']);
    co(['merge', '-q', '--squash', 'origin/feature/8-parent']);
    co(['commit', '-q', '-m', 'feat: parent (#8)']);
    co(['push', '-q', 'origin', 'develop', ':feature/8-parent']);

    const r = box.flow(['sync']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['rev-parse', 'HEAD~1']), box.gitOk(['rev-parse', 'origin/develop']));
    assert.equal(box.gitOk(['log', '--format=%s', 'origin/develop..HEAD']), 'feat: child');
    assert.equal(box.gitOk(['show', 'HEAD:x.txt']), 'b');
    assert.equal(box.git(['rev-parse', '--verify', '--quiet', 'refs/heads/feature/8-parent']).code, 1, 'the shipped parent is pruned');
  });

  it('on develop: fast-forwards from origin, never pushes', () => {
    const box = repo();
    box.gitOk(['switch', '-q', 'develop']);
    const theirs = developMoves(box);
    const r = box.flow(['sync']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['rev-parse', 'HEAD']), theirs);
    assert.equal(box.gitOk(['rev-list', '--merges', '--count', 'HEAD']), '0');
  });

  it('refuses uncommitted changes with exit 2 and changes nothing', () => {
    const box = repo();
    box.gitOk(['switch', '-q', '-c', 'feature/10-dirty', 'develop']);
    box.write('README.md', 'changed\n');
    const before = refsOf(box);
    const r = box.flow(['sync']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /uncommitted changes; commit them \(or `git stash`\)/);
    assert.equal(refsOf(box), before);
  });
});

describe('flow sync asks the forge about merged pull requests', () => {
  let forge: FakeForge;
  before(async () => {
    forge = await startFakeForge();
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });

  it('deletes a branch whose pull request GitHub reports merged, even when the trees no longer match', async () => {
    const box = sandbox();
    box.gitOk(['config', `url.${box.remote}.insteadOf`, 'https://github.com/acme/widgets.git']);
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git']);
    const pulls = githubPulls(forge, 'acme/widgets');
    box.gitOk(['switch', '-q', '-c', 'feature/11-shipped', 'develop']);
    const tip = commitFile(box, 'eleven.txt', 'eleven\n', 'feat: eleven');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/11-shipped']);
    box.gitOk(['switch', '-q', '-c', 'feature/12-open', 'develop']);
    commitFile(box, 'twelve.txt', 'twelve\n', 'feat: twelve');
    box.gitOk(['push', '-q', '-u', 'origin', 'feature/12-open']);
    // merged on the forge, then develop changed the same file: no tree comparison would say "merged"
    const co = coworker(box);
    co(['switch', '-q', 'develop']);
    run('sh', ['-c', 'printf "eleven, edited\\n" > eleven.txt'], { cwd: co(['rev-parse', '--show-toplevel']), env: box.env });
    co(['add', 'eleven.txt']);
    co(['commit', '-q', '-m', 'feat: eleven (#101)']);
    co(['push', '-q', 'origin', 'develop']);
    pulls.push({ number: 101, title: 'feat: eleven', body: '', head: 'feature/11-shipped', base: 'develop', draft: false, state: 'closed', mergedAt: '2026-12-01T10:00:00Z', headSha: tip });

    const r = await flowAsync(box, ['sync', '--json', '--no-push'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'tok-sync-never-printed' });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.pruned, [{ branch: 'feature/11-shipped', reason: 'pull request #101 was merged' }]);
    const asked = forge.find('GET', '/repos/acme/widgets/pulls').map((q) => q.query);
    assert.ok(asked.some((q) => q.state === 'closed' && q.head === 'acme:feature/11-shipped'), JSON.stringify(asked));
    assert.ok(!r.stderr.includes('tok-sync-never-printed'));
    assert.equal(box.git(['rev-parse', '--verify', '--quiet', 'refs/heads/feature/11-shipped']).code, 1);
  });

  it('GitLab: asks merge_requests?state=merged for each branch', async () => {
    const box = sandbox();
    box.gitOk(['config', `url.${box.remote}.insteadOf`, 'https://gitlab.com/acme/widgets.git']);
    box.gitOk(['remote', 'set-url', 'origin', 'https://gitlab.com/acme/widgets.git']);
    const mrs = gitlabMergeRequests(forge, 'acme/widgets');
    box.gitOk(['switch', '-q', '-c', 'feature/14-shipped', 'develop']);
    const tip = commitFile(box, 'fourteen.txt', '14\n', 'feat: fourteen');
    box.gitOk(['switch', '-q', 'develop']);
    mrs.push({ number: 7, title: 'feat: fourteen', body: '', head: 'feature/14-shipped', base: 'develop', draft: false, state: 'closed', mergedAt: '2026-12-01T10:00:00Z', headSha: tip });
    const r = await flowAsync(box, ['sync', '--json'], { FLOWGATE_API_URL: forge.url, GITLAB_TOKEN: 'tok-gitlab-never-printed' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).pruned, [{ branch: 'feature/14-shipped', reason: 'merge request !7 was merged' }]);
    const asked = forge.find('GET', '/projects/acme%2Fwidgets/merge_requests').map((q) => q.query);
    assert.ok(asked.some((q) => q.state === 'merged' && q.source_branch === 'feature/14-shipped'), JSON.stringify(asked));
  });
  it('refuses a protected branch with commits of its own before it asks the forge anything', async () => {
    const box = sandbox();
    box.gitOk(['config', `url.${box.remote}.insteadOf`, 'https://github.com/acme/gadgets.git']);
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/gadgets.git']);
    githubPulls(forge, 'acme/gadgets'); // answers, so asking too early fails the test instead of hanging it
    box.gitOk(['switch', '-q', '-c', 'feature/15-side', 'develop']);
    commitFile(box, 'fifteen.txt', '15\n', 'feat: fifteen');
    const co = coworker(box);
    co(['switch', '-q', 'develop']);
    co(['commit', '-q', '--allow-empty', '-m', 'feat: theirs']);
    co(['push', '-q', 'origin', 'develop']);
    box.gitOk(['switch', '-q', 'develop']);
    commitFile(box, 'mine.txt', 'mine\n', 'feat: mine, on develop');
    const r = await flowAsync(box, ['sync'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'tok-sync-never-printed' });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /changes only through pull requests/);
    assert.deepEqual(forge.find('GET', '/repos/acme/gadgets/pulls'), []);
  });
});
