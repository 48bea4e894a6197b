import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { installedSandbox, type Installed } from '../helpers/installed.js';

/** Every refspec form that could reach a protected branch is refused; everything else passes. */
describe('pre-push hook', () => {
  let box: Installed;
  const mainSha = () => box.gitOk(['ls-remote', box.remote, 'refs/heads/main']).split('\t')[0];
  before(() => {
    box = installedSandbox();
    // local main is ahead of origin, so pushing it by name, --all or --mirror would update it;
    // the feature branch grows from it, so pushes of it to main or develop are fast-forwards
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'chore: local main work'], { env: { FLOWGATE_SKIP: '1' } });
    box.gitOk(['switch', '-q', '-c', 'feature/12-push']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: pushable']);
  });

  const refused: [string, string[], Record<string, string>?][] = [
    ['HEAD:main', ['push', 'origin', 'HEAD:main']],
    ['branch:refs/heads/main', ['push', 'origin', 'feature/12-push:refs/heads/main']],
    ['force +HEAD:main', ['push', 'origin', '+HEAD:main']],
    ['--force HEAD:develop', ['push', '--force', 'origin', 'HEAD:develop']],
    ['--delete main', ['push', '--delete', 'origin', 'main']],
    [':main', ['push', 'origin', ':main']],
    ['main by name', ['push', 'origin', 'main']],
    ['--all', ['push', '--all', 'origin']],
  ];
  for (const [name, args] of refused) {
    it(`refuses ${name}`, () => {
      const before = mainSha();
      const r = box.git(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /protected branch '(main|develop)'/);
      assert.match(r.stderr, /npx flow pr/);
      assert.match(r.stderr, /npx flowgate pr/);
      assert.equal(mainSha(), before);
    });
  }

  it('refuses <sha>:refs/heads/main', () => {
    const sha = box.gitOk(['rev-parse', 'HEAD']);
    assert.equal(box.git(['push', 'origin', `${sha}:refs/heads/main`]).code, 1);
  });

  it('refuses --mirror (which would rewrite main)', () => {
    const r = box.git(['push', '--mirror', 'origin']);
    assert.equal(r.code, 1, r.stderr);
  });

  it('refuses with push.default=upstream when the upstream is main', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/13-up', '--track', 'origin/main']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: upstream'], { env: { FLOWGATE_SKIP: '1' } });
    const r = box.git(['-c', 'push.default=upstream', 'push', 'origin']);
    assert.equal(r.code, 1, r.stderr);
    box.gitOk(['switch', '-q', 'feature/12-push']);
  });

  it('lets a tag named main through (tags are not branches)', () => {
    box.gitOk(['tag', 'main']);
    const r = box.git(['push', 'origin', 'refs/tags/main']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('accepts a new feature branch and bot branches, refuses a badly named one', () => {
    assert.equal(box.git(['push', '-q', 'origin', 'HEAD:refs/heads/feature/12-push']).code, 0);
    assert.equal(box.git(['push', '-q', 'origin', 'HEAD:refs/heads/dependabot/npm/x-1.2.3']).code, 0);
    const bad = box.git(['push', 'origin', 'HEAD:refs/heads/My_Branch']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /branch name 'My_Branch'/);
  });

  it('lints every commit the push adds that no remote has, and names the bad one', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/14-lint', 'refs/heads/main']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: good one']);
    box.gitOk(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'WIP stuff']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'fix: another good one']);
    const bad = box.gitOk(['rev-parse', 'HEAD~1']);
    const r = box.git(['push', 'origin', 'HEAD']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`commit ${bad.slice(0, 8)} "WIP stuff"`));
    assert.doesNotMatch(r.stderr, /good one/);
  });

  it('does not crash on --dry-run or a push with nothing to send', () => {
    box.gitOk(['switch', '-q', 'feature/12-push']);
    assert.equal(box.git(['push', '--dry-run', 'origin', 'HEAD:refs/heads/feature/15-dry']).code, 0);
    assert.equal(box.git(['push', 'origin', 'HEAD:refs/heads/feature/12-push']).code, 0);
    assert.equal(box.git(['push', 'origin', 'HEAD:refs/heads/feature/12-push']).code, 0);
  });

  it('handles a push of 3,000 tags', () => {
    const sha = box.gitOk(['rev-parse', 'HEAD']);
    const refs = Array.from({ length: 3000 }, (_, i) => `create refs/tags/bulk-${i} ${sha}`).join('\n') + '\n';
    box.gitOk(['update-ref', '--stdin'], { input: refs });
    const r = box.git(['push', '-q', 'origin', '--tags']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(box.gitOk(['ls-remote', '--tags', box.remote, 'bulk-2999']), /bulk-2999/);
  });

  it('is skipped with FLOWGATE_SKIP=1', () => {
    assert.equal(box.git(['push', '-q', 'origin', 'HEAD:refs/heads/Bad_Name_Skipped'], { env: { FLOWGATE_SKIP: '1' } }).code, 0);
  });
});

describe('guard on an old checkout', () => {
  it('still refuses when a checkout removed the tracked .husky scripts', () => {
    const box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/16-old', 'origin/develop']);
    assert.equal(box.git(['ls-files', '.husky']).stdout, '');
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: old base']);
    const r = box.git(['push', 'origin', 'HEAD:develop']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(box.git(['commit', '--allow-empty', '-m', 'bad']).code, 1);
  });
});
