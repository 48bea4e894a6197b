import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { sandbox, type Sandbox } from '../helpers/repo.js';

describe('flow check', () => {
  let box: Sandbox;
  let base: string;
  before(() => {
    box = sandbox();
    box.write('package.json', '{"name":"app","private":true}\n');
    box.gitOk(['switch', '-q', '-c', 'feature/5-check', 'develop']);
    base = box.gitOk(['rev-parse', 'HEAD']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: fine']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'Bad message']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'fix: fine too']);
  });

  it('exits 1 naming the commit that breaks the rules', () => {
    const r = box.flow(['check', '--range', `${base}..HEAD`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"Bad message"/);
    assert.match(r.stderr, /type may not be empty/);
  });

  it('exits 0 for a clean range, and reports JSON on stdout', () => {
    const r = box.flow(['check', '--range', `${base}..HEAD~2`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.ok, true);
    assert.equal(doc.commits, 1);
  });

  it('checks a branch name and a PR title', () => {
    assert.equal(box.flow(['check', '--branch', 'feature/5-check']).code, 0);
    assert.equal(box.flow(['check', '--branch', 'stuff']).code, 1);
    assert.equal(box.flow(['check', '--title', 'feat: add login']).code, 0);
    const bad = box.flow(['check', '--title', 'Add login']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /PR title/);
  });

  it('exits 2 on a range git cannot read', () => {
    const r = box.flow(['check', '--range', 'nope..HEAD']);
    assert.equal(r.code, 2);
  });

  it('finds base, head and title from a GitHub Actions pull_request event and annotates', () => {
    const event = join(box.home, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({ pull_request: { title: 'Add things', base: { sha: base, ref: 'develop' }, head: { sha: box.gitOk(['rev-parse', 'HEAD']), ref: 'feature/5-check' } } }),
    );
    const r = box.flow(['check'], { env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event, GITHUB_BASE_REF: 'develop', GITHUB_HEAD_REF: 'feature/5-check' } });
    assert.equal(r.code, 1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.equal(annotations.length, 2, r.stdout);
    assert.ok(annotations.some((a) => a.includes('title=flowgate%3A title')));
  });

  it('honours the repository’s own commitlint config', () => {
    box.write('commitlint.config.mjs', "export default { rules: { 'type-empty': [2, 'never'], 'type-enum': [2, 'always', ['feat', 'fix', 'chore', 'story']] } };\n");
    assert.equal(box.flow(['check', '--title', 'story: a user can log in']).code, 0);
    assert.equal(box.flow(['check', '--title', 'docs: readme']).code, 1);
  });
  it('with no flags checks the branch against the base its pull request goes to: main for a hotfix', () => {
    const sb = sandbox();
    sb.write('package.json', '{"name":"app","private":true}\n');
    // main gets a commit develop lacks; a hotfix branch from main must not answer for it.
    sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'Old main commit']);
    sb.gitOk(['push', '-q', 'origin', 'main']);
    sb.gitOk(['switch', '-q', '-c', 'hotfix/9-crash', 'main']);
    sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'fix: the crash']);
    const hotfix = sb.flow(['check', '--json']);
    assert.equal(hotfix.code, 0, hotfix.stderr);
    assert.equal(JSON.parse(hotfix.stdout).range, 'origin/main..HEAD');

    sb.gitOk(['switch', '-q', '-c', 'feature/10-page', 'develop']);
    sb.gitOk(['commit', '-q', '--allow-empty', '-m', 'Bad feature commit']);
    const feature = sb.flow(['check', '--json']);
    assert.equal(feature.code, 1);
    assert.equal(JSON.parse(feature.stdout).range, 'origin/develop..HEAD');
  });
});
