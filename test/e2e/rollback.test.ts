/**
 * `flow rollback` end to end, and docs/WORKFLOW.md's "Rolling back" procedure walked through:
 * real git with flowgate's own hooks installed (the revert commits pass commit-msg's commitlint,
 * the push passes pre-push), a bare origin, and the fake GitHub behind the real Octokit client
 * for the pull requests that `flow hotfix finish` opens.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { flowAsync, installBuiltHooks, sandbox, type Sandbox } from '../helpers/repo.js';
import { githubPulls, startFakeForge, type FakeForge, type FakePull } from '../helpers/fake-forge.js';
import { ROOT } from '../helpers/repo.js';

const SKIP = { FLOWGATE_SKIP: '1' };

/** main: v1.0.0, then two merged pull requests released as v1.1.0 and v1.2.0; develop follows main. */
function history(): { box: Sandbox; login: string; report: string } {
  const box = sandbox();
  box.gitOk(['config', `url.${box.remote}.insteadOf`, 'https://github.com/acme/widgets.git']);
  box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git']);
  const installed = installBuiltHooks(box);
  assert.equal(installed.code, 0, installed.stderr);
  box.gitOk(['tag', 'v1.0.0']);
  const merge = (n: number, branch: string, file: string, subject: string): string => {
    box.gitOk(['switch', '-q', '-c', branch, 'main']);
    box.write(file, `${file}\n`);
    box.gitOk(['add', file]);
    box.gitOk(['commit', '-q', '-m', subject]);
    box.gitOk(['switch', '-q', 'main']);
    box.gitOk(['merge', '-q', '--no-ff', '-m', `Merge pull request #${n} from acme/${branch}\n\n${subject}`, branch], { env: SKIP });
    box.gitOk(['branch', '-q', '-D', branch]);
    return box.gitOk(['rev-parse', 'HEAD']);
  };
  const login = merge(1, 'feature/1-login', 'login.txt', 'feat: add login');
  box.gitOk(['tag', 'v1.1.0']);
  const report = merge(2, 'feature/2-report', 'report.txt', 'feat(report): add the report');
  box.gitOk(['tag', 'v1.2.0']);
  box.gitOk(['branch', '-f', 'develop', 'main']);
  box.gitOk(['push', '-q', '-f', 'origin', 'main', 'develop', '--tags'], { env: SKIP });
  return { box, login, report };
}

function refsOf(box: Sandbox): string {
  return [box.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']), box.gitOk(['rev-parse', 'HEAD']), box.gitOk(['status', '--porcelain', '--untracked-files=no'])].join('\n');
}

describe('flow rollback', () => {
  let forge: FakeForge;
  let pulls: FakePull[];
  let box: Sandbox;
  let login: string;
  let report: string;
  before(async () => {
    ({ box, login, report } = history());
    forge = await startFakeForge();
    pulls = githubPulls(forge, 'acme/widgets');
  });
  after(async () => {
    assert.deepEqual(forge.unexpected, []);
    await forge.close();
  });

  it('--dry-run prints the plan and changes nothing', () => {
    const before = refsOf(box);
    const r = box.flow(['rollback', report, '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const short = report.slice(0, 7);
    assert.match(r.stdout, new RegExp(`^would create branch hotfix/rollback-${short} from origin/main and switch to it$`, 'm'));
    assert.match(r.stdout, new RegExp(`^would revert ${report.slice(0, 12)} \\(mainline 1\\) as "revert: feat\\(report\\): add the report"$`, 'm'));
    assert.match(r.stdout, /^would push hotfix\/rollback-\w+ to origin and open its pull requests into main and develop/m);
    assert.equal(refsOf(box), before);
  });

  it('--no-push: a merge undone with -m 1 on hotfix/rollback-<short>, a commit that passes commitlint', () => {
    const r = box.flow(['rollback', report, '--no-push']);
    assert.equal(r.code, 0, r.stderr);
    const branch = `hotfix/rollback-${report.slice(0, 7)}`;
    assert.equal(r.stdout, `${branch}\n`);
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), branch);
    assert.equal(box.gitOk(['rev-parse', 'HEAD~1']), box.gitOk(['rev-parse', 'origin/main']));
    const message = box.gitOk(['log', '-1', '--format=%B']);
    assert.match(message, /^revert: feat\(report\): add the report\n\nThis reverts commit [0-9a-f]{40}\.\n/);
    assert.match(message, new RegExp(`\\nRefs: ${report}$`));
    assert.equal(box.git(['cat-file', '-e', 'HEAD:report.txt']).code, 128, 'the merged change is gone');
    assert.equal(box.gitOk(['show', 'HEAD:login.txt']), 'login.txt', 'the earlier merge stays');
    // the commit-msg hook ran commitlint on it; `flow check` agrees
    const check = box.flow(['check', '--range', 'origin/main..HEAD']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).code, 1, 'not pushed');
    assert.equal(pulls.length, 0);
    // a second run names the branch that exists and changes nothing
    box.gitOk(['switch', '-q', 'main']);
    const again = box.flow(['rollback', report, '--no-push']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, new RegExp(`A branch ${branch.replace('/', '\\/')} already exists`));
  });

  it('refuses a commit that is not on main with exit 2', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/3-side', 'main']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: side']);
    const side = box.gitOk(['rev-parse', 'HEAD']);
    box.gitOk(['switch', '-q', 'main']);
    const r = box.flow(['rollback', side]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not on origin\/main/);
  });

  it('WORKFLOW.md "Rolling back": flow rollback <release tag> goes back to the release before it, through reviewed pull requests', async () => {
    // the procedure as the generated docs/WORKFLOW.md tells it
    const doc = readFileSync(join(ROOT, 'templates', 'docs', 'WORKFLOW.md'), 'utf8');
    assert.match(doc, /npx flowgate rollback \{\{tagPrefix\}\}1\.4\.0/);
    assert.match(doc, /npx flowgate rollback <merge commit>/);

    box.gitOk(['switch', '-q', 'main']);
    const r = await flowAsync(box, ['rollback', 'v1.2.0'], { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'tok-rollback-never-printed' });
    assert.equal(r.code, 0, r.stderr);
    const branch = 'hotfix/rollback-v1-2-0';
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), branch);
    // back to v1.1.0's content, by one revert per commit of the release
    assert.equal(box.gitOk(['rev-parse', 'HEAD^{tree}']), box.gitOk(['rev-parse', 'v1.1.0^{tree}']));
    assert.deepEqual(box.gitOk(['log', '--format=%s', 'origin/main..HEAD']).split('\n'), ['revert: feat(report): add the report']);
    assert.match(box.gitOk(['log', '-1', '--format=%B']), new RegExp(`Part of rolling back v1\\.2\\.0 to v1\\.1\\.0\\.\\n\\nRefs: ${report}$`));
    // pushed with its upstream, and the pull requests a hotfix gets: into main and into develop
    assert.equal(box.gitOk(['--git-dir', box.remote, 'rev-parse', branch]), box.gitOk(['rev-parse', 'HEAD']));
    assert.equal(box.gitOk(['rev-parse', '--abbrev-ref', `${branch}@{upstream}`]), `origin/${branch}`);
    assert.deepEqual(pulls.map((p) => [p.head, p.base, p.title]), [
      [branch, 'main', 'revert: roll back v1.2.0 to v1.1.0'],
      [branch, 'develop', 'revert: roll back v1.2.0 to v1.1.0'],
    ]);
    assert.match(pulls[0]!.body, new RegExp(`${report.slice(0, 12)} feat\\(report\\): add the report \\(merge, -m 1\\)`));
    assert.deepEqual(r.stdout.trim().split('\n'), ['https://github.com/acme/widgets/pull/101', 'https://github.com/acme/widgets/pull/102']);
    assert.ok(!r.stderr.includes('tok-rollback-never-printed'));

    // the review merges it; the next version is a patch release of the rolled-back code
    box.gitOk(['switch', '-q', 'main']);
    box.gitOk(['merge', '-q', '--no-ff', '-m', `Merge pull request #101 from acme/${branch}\n\nrevert: roll back v1.2.0 to v1.1.0`, branch], { env: SKIP });
    assert.equal(box.gitOk(['rev-parse', 'HEAD^{tree}']), box.gitOk(['rev-parse', 'v1.1.0^{tree}']));
    assert.equal(box.flow(['version']).stdout, '1.2.1\n');
    assert.ok(login);
  });

  it('a tag with no release before it is refused with advice', () => {
    box.gitOk(['switch', '-q', 'main']);
    const r = box.flow(['rollback', 'v1.0.0', '--no-push']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no release before v1\.0\.0 to go back to; give the merge commit/);
  });
});
