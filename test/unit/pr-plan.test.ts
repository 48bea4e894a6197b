import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { prTargets } from '../../src/core/branch-model.js';
import { choosePrTitle, composeBody, conventionalType, proposeBody, proposeTitle, titleFromBranch } from '../../src/core/pr-plan.js';

const config = defaultConfig();
const trunk = { ...defaultConfig(), branches: { main: 'main', develop: null } };

describe('prTargets', () => {
  const table: [string | undefined, typeof config, string | undefined, string[]][] = [
    ['feature', config, undefined, ['develop']],
    ['bugfix', config, undefined, ['develop']],
    ['chore', config, undefined, ['develop']],
    [undefined, config, undefined, ['develop']],
    ['hotfix', config, undefined, ['main', 'develop']],
    ['release', config, undefined, ['main', 'develop']],
    ['feature', trunk, undefined, ['main']],
    ['hotfix', trunk, undefined, ['main']],
    ['release', trunk, undefined, ['main']],
    ['hotfix', config, 'support/1.x', ['support/1.x']],
  ];
  for (const [type, cfg, base, expected] of table) {
    it(`${type ?? '(none)'}${cfg === trunk ? ' trunk-based' : ''}${base ? ` --base ${base}` : ''} → ${expected.join(', ')}`, () => {
      assert.deepEqual(prTargets(type, cfg, base), expected);
    });
  }
});

describe('titles', () => {
  const table: [string, string | undefined, string][] = [
    ['feature/123-add-login', undefined, 'feat: add login'],
    ['feature/ABC-12-add-login-page', undefined, 'feat: add login page'],
    ['bugfix/124-fix-typo', undefined, 'fix: fix typo'],
    ['hotfix/125-null-crash', undefined, 'fix: null crash'],
    ['hotfix/1.3.1', undefined, 'fix: hotfix 1.3.1'],
    ['release/1.4.0', undefined, 'chore(release): 1.4.0'],
    ['docs/42-readme', undefined, 'docs: readme'],
    ['chore/deps', undefined, 'chore: deps'],
    ['support/1-x', undefined, 'chore: x'],
    ['feature/123', 'Add login page', 'feat: add login page'],
    ['feature/123', 'API tokens expire', 'feat: API tokens expire'],
    ['feature/123', undefined, 'feat: issue #123'],
    ['feature/ABC-9', undefined, 'feat: ABC-9'],
    ['wip/Some_Thing', undefined, 'chore: Some Thing'],
  ];
  for (const [branch, issueTitle, expected] of table) {
    it(`${branch}${issueTitle ? ` (issue: ${issueTitle})` : ''} → ${expected}`, () => assert.equal(titleFromBranch(branch, config, issueTitle), expected));
  }
  it('uses the single commit subject when the branch has one commit ahead', () => {
    assert.equal(choosePrTitle({ branch: 'feature/1-x', config, subjectsAhead: ['feat(auth): log in with email'] }), 'feat(auth): log in with email');
  });
  it('uses the branch when there are several commits', () => {
    assert.equal(choosePrTitle({ branch: 'feature/1-x-y', config, subjectsAhead: ['feat: a', 'feat: b'] }), 'feat: x y');
  });
  it('--title wins', () => {
    assert.equal(choosePrTitle({ branch: 'feature/1-x', config, subjectsAhead: ['feat: a'], title: ' My title ' }), 'My title');
  });
  it('maps branch types to conventional types', () => {
    assert.deepEqual(['feature', 'bugfix', 'hotfix', 'docs', 'refactor', 'support', 'weird'].map(conventionalType), ['feat', 'fix', 'fix', 'docs', 'refactor', 'chore', 'chore']);
  });
});

describe('composeBody', () => {
  it('adds Closes #123 to an empty body', () => assert.equal(composeBody({ issue: '123' }), 'Closes #123'));
  it('appends Closes #123 after the template', () => {
    assert.equal(composeBody({ template: '## Summary\n\n- [ ] tested\n', issue: '123' }), '## Summary\n\n- [ ] tested\n\nCloses #123');
  });
  it("fills a template's empty Closes # line instead of repeating it", () => {
    assert.equal(composeBody({ template: '## Linked issue\n\nCloses #\n\n## Testing\n', issue: '123' }), '## Linked issue\n\nCloses #123\n\n## Testing');
  });
  it('does not repeat an issue the body already names', () => {
    assert.equal(composeBody({ body: 'Fixes #123 properly', issue: '123' }), 'Fixes #123 properly');
  });
  it('uses the tracker key as is', () => assert.equal(composeBody({ body: 'Text', issue: 'ABC-7' }), 'Text\n\nCloses ABC-7'));
  it('--body replaces the template', () => assert.equal(composeBody({ body: 'Mine', template: 'Theirs', issue: '5' }), 'Mine\n\nCloses #5'));
  it('no issue, no footer', () => assert.equal(composeBody({ template: 'T\n' }), 'T'));
});

describe('proposeTitle and proposeBody (gh --fill, template kept, breaking kept)', () => {
  const c = (subject: string, body = '') => ({ subject, body });
  it('one commit: its subject; several: the branch, marked breaking when a commit is', () => {
    assert.equal(proposeTitle({ branch: 'feature/9-search', config, commits: [c('feat!: drop v1')] }), 'feat!: drop v1');
    assert.equal(proposeTitle({ branch: 'feature/9-search', config, commits: [c('feat!: drop v1'), c('docs: v2')] }), 'feat!: search');
    assert.equal(proposeTitle({ branch: 'feature/9-search', config, commits: [c('feat: a'), c('fix: b', 'BREAKING CHANGE: gone')] }), 'feat!: search');
    assert.equal(proposeTitle({ branch: 'feature/9-search', config, commits: [c('feat: a'), c('fix: b')] }), 'feat: search');
    assert.equal(proposeTitle({ branch: 'feature/9-search', config, commits: [c('feat!: a'), c('b')], title: 'feat: mine' }), 'feat: mine');
  });
  it('the body: commits above the kept template; --body wins; without fill the template alone', () => {
    const template = '## Summary\n\nCloses #\n';
    assert.equal(proposeBody({ template, commits: [c('feat: a'), c('fix: b')], fromCommits: true }), '- feat: a\n- fix: b\n\n## Summary\n\nCloses #');
    assert.equal(proposeBody({ template, commits: [c('feat: a', 'Why it matters.')], fromCommits: true }), 'Why it matters.\n\n## Summary\n\nCloses #');
    assert.equal(proposeBody({ body: 'mine', template, commits: [c('feat: a')], fromCommits: true }), 'mine');
    assert.equal(proposeBody({ template, commits: [c('feat: a')], fromCommits: false }), template);
    assert.equal(proposeBody({ commits: [], fromCommits: true }), undefined);
  });
});
