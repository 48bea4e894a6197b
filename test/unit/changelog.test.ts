import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { describeWrite, prependSection, prependSections } from '../../src/release/changelog-file.js';
import { renderSection, tidy } from '../../src/release/changelog.js';
import { loadParser, parseWith } from '../../src/release/commits.js';
import { setPackageVersion } from '../../src/release/package-json.js';
import { linksFrom, webLocation } from '../../src/release/remote.js';

const parse = await loadParser();
let n = 0;
const commit = (message: string) => parseWith(parse, String(++n % 10).repeat(40), message);

describe('webLocation', () => {
  const table: [string, { scheme: string; host: string; path: string } | undefined][] = [
    ['https://github.com/acme/app.git', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['https://github.com/acme/app', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['https://github.com/acme/app/', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['https://x-access-token:ghp_secret123@github.com/acme/app.git', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['https://user@GitHub.com/acme/app.git', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['http://git.example.com:8080/team/app.git', { scheme: 'http', host: 'git.example.com:8080', path: 'team/app' }],
    ['ssh://git@github.com/acme/app.git', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['ssh://git@gitlab.example.com:2222/group/sub/app.git', { scheme: 'https', host: 'gitlab.example.com', path: 'group/sub/app' }],
    ['git@github.com:acme/app.git', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['github.com:acme/app', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['git://github.com/acme/app.git', { scheme: 'https', host: 'github.com', path: 'acme/app' }],
    ['/tmp/origin.git', undefined],
    ['../origin.git', undefined],
    ['file:///tmp/origin.git', undefined],
    ['C:\\repos\\origin.git', undefined],
    ['https://github.com/app.git', undefined],
    ['', undefined],
  ];
  for (const [url, expected] of table) {
    it(url || '(empty)', () => assert.deepEqual(webLocation(url), expected));
  }
});

describe('linksFrom', () => {
  const config = defaultConfig();
  it('GitHub from the remote', () => {
    assert.deepEqual(linksFrom(webLocation('git@github.com:acme/app.git'), config), {
      provider: 'github',
      host: 'https://github.com',
      owner: 'acme',
      repository: 'app',
      webUrl: 'https://github.com/acme/app',
    });
  });
  it('GitLab subgroups keep the whole group path as owner', () => {
    const links = linksFrom(webLocation('https://gitlab.com/group/sub/app.git'), config);
    assert.equal(links?.provider, 'gitlab');
    assert.equal(links?.owner, 'group/sub');
    assert.equal(links?.repository, 'app');
  });
  it('config forge.repo and forge.host win over the remote', () => {
    const c = { ...config, forge: { repo: 'corp/tool', host: 'github.corp.example' } };
    assert.equal(linksFrom(webLocation('/tmp/origin.git'), c)?.webUrl, 'https://github.corp.example/corp/tool');
    const d = { ...config, forge: { repo: 'corp/tool', provider: 'gitlab' as const } };
    assert.equal(linksFrom(undefined, d)?.webUrl, 'https://gitlab.com/corp/tool');
  });
  it('no links for a local remote', () => {
    assert.equal(linksFrom(webLocation('/tmp/origin.git'), config), undefined);
    assert.equal(linksFrom(undefined, config), undefined);
  });
});

describe('renderSection', () => {
  const commits = [
    commit('feat(auth): add login (#12)'),
    commit('fix: null crash\n\nCloses #3'),
    commit('perf: faster start-up'),
    commit('feat!: drop node 18'),
    commit('refactor: rename config\n\nBREAKING CHANGE: flow.json is now flowgate.json'),
    commit('Revert "feat: thing"\n\nThis reverts commit 1234567abcdef.'),
    commit('chore: deps'),
    commit('docs: readme'),
  ];

  it('groups breaking changes, features, fixes, performance and reverts, hides chores', async () => {
    const md = await renderSection(commits, { version: '2.0.0', date: '2024-05-01' });
    assert.match(md, /^## 2\.0\.0 \(2024-05-01\)\n/);
    const order = ['### ⚠ BREAKING CHANGES', '### Features', '### Bug Fixes', '### Performance Improvements', '### Reverts'].map((h) => md.indexOf(h));
    assert.ok(order.every((i) => i > 0), md);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'sections in order');
    assert.match(md, /\* drop node 18/);
    assert.match(md, /\* flow\.json is now flowgate\.json/);
    assert.match(md, /\* \*\*auth:\*\* add login \(#12\) 1111111/);
    assert.doesNotMatch(md, /deps|readme/);
    assert.doesNotMatch(md, /undefined/, 'no links to undefined/… without a remote');
    assert.doesNotMatch(md, /\n\n\n/);
  });

  it('links commits, issues and the comparison when the remote is known', async () => {
    const links = linksFrom(webLocation('git@github.com:acme/app.git'), defaultConfig());
    const md = await renderSection(commits, { version: '2.0.0', date: '2024-05-01', links, previousTag: 'v1.0.0', currentTag: 'v2.0.0' });
    assert.match(md, /^## \[2\.0\.0\]\(https:\/\/github\.com\/acme\/app\/compare\/v1\.0\.0\.\.\.v2\.0\.0\) \(2024-05-01\)/);
    assert.match(md, /\[#12\]\(https:\/\/github\.com\/acme\/app\/issues\/12\)/);
    assert.match(md, /\(\[2222222\]\(https:\/\/github\.com\/acme\/app\/commit\/2{40}\)\), closes \[#3\]\(https:\/\/github\.com\/acme\/app\/issues\/3\)/);
  });

  it('uses GitLab URL shapes for GitLab', async () => {
    const links = linksFrom(webLocation('git@gitlab.com:group/app.git'), defaultConfig());
    const md = await renderSection([commit('fix: a\n\nCloses #7')], { version: '1.0.1', date: '2024-05-01', links, previousTag: 'v1.0.0', currentTag: 'v1.0.1' });
    assert.match(md, /https:\/\/gitlab\.com\/group\/app\/-\/commit\//);
    assert.match(md, /https:\/\/gitlab\.com\/group\/app\/-\/issues\/7/);
    assert.match(md, /https:\/\/gitlab\.com\/group\/app\/-\/compare\/v1\.0\.0\.\.\.v1\.0\.1/);
  });

  it('tidy collapses blank runs and ends with one newline', () => {
    assert.equal(tidy('## a\n\n\n\n### b  \n\n* c\n\n\n'), '## a\n\n### b\n\n* c\n');
  });
});

describe('prependSection', () => {
  const section = '## 1.1.0 (2024-05-01)\n\n### Features\n\n* login\n';
  it('creates the file with a # Changelog heading', () => {
    const r = prependSection(undefined, section, '1.1.0');
    assert.equal(r.text, `# Changelog\n\n${section}`);
    assert.equal(r.created, true);
  });
  it('puts the section above the previous release and keeps everything else', () => {
    const existing = '# Changelog\n\nAll notable changes.\n\n## [1.0.0](https://x) (2024-01-01)\n\n* first\n';
    const r = prependSection(existing, section, '1.1.0');
    assert.equal(r.text, `# Changelog\n\nAll notable changes.\n\n${section}\n## [1.0.0](https://x) (2024-01-01)\n\n* first\n`);
    assert.equal(r.replaced, false);
  });
  it('appends after an intro with no release yet', () => {
    const r = prependSection('# Changelog\n\nNotes.\n', section, '1.1.0');
    assert.equal(r.text, `# Changelog\n\nNotes.\n\n${section}`);
  });
  it('replaces the section of the same version instead of duplicating it', () => {
    const existing = `# Changelog\n\n## 1.1.0 (2024-04-01)\n\n* old\n\n## 1.0.0 (2024-01-01)\n\n* first\n`;
    const r = prependSection(existing, section, '1.1.0');
    assert.equal(r.replaced, true);
    assert.equal(r.text, `# Changelog\n\n${section}\n## 1.0.0 (2024-01-01)\n\n* first\n`);
    assert.equal(r.text.match(/## 1\.1\.0/g)?.length, 1);
    const again = prependSection(r.text, section, '1.1.0');
    assert.equal(again.text, r.text, 'idempotent');
  });
  it('recognises linked and angular-style headings of the same version', () => {
    for (const heading of ['## [1.1.0](https://x/compare/v1.0.0...v1.1.0) (2024-04-01)', '# [1.1.0](https://x) (2024-04-01)', '## v1.1.0']) {
      const r = prependSection(`# Changelog\n\n${heading}\n\n* old\n`, section, '1.1.0');
      assert.equal(r.replaced, true, heading);
      assert.doesNotMatch(r.text, /old/);
    }
  });
  it('does not mistake 1.1.0 for 1.1.01 or 11.1.0', () => {
    const r = prependSection('# Changelog\n\n## 11.1.0\n\n* x\n', section, '1.1.0');
    assert.equal(r.replaced, false);
    assert.match(r.text, /## 11\.1\.0/);
  });
  it('keeps CRLF files CRLF', () => {
    const r = prependSection('# Changelog\r\n\r\n## 1.0.0\r\n\r\n* first\r\n', section, '1.1.0');
    assert.doesNotMatch(r.text.replace(/\r\n/g, ''), /\n/);
  });
});

describe('prependSections', () => {
  const s = (version: string) => ({ version, markdown: `## ${version}\n\n* in ${version}\n` });
  it('puts the sections in one after the other, oldest first, so the newest ends on top; only the first creates the file', () => {
    const writes = prependSections(undefined, [s('1.0.0'), s('1.1.0')]);
    assert.deepEqual(
      writes.map((w) => [w.version, w.created, w.replaced]),
      [
        ['1.0.0', true, false],
        ['1.1.0', false, false],
      ],
    );
    assert.equal(writes[1]!.text, '# Changelog\n\n## 1.1.0\n\n* in 1.1.0\n\n## 1.0.0\n\n* in 1.0.0\n');
    assert.deepEqual(
      writes.map((w) => describeWrite(w, 'CHANGELOG.md')),
      ['create CHANGELOG.md with the 1.0.0 section', 'prepend the 1.1.0 section to CHANGELOG.md'],
    );
    assert.equal(describeWrite(writes[1]!, 'CHANGELOG.md', true), 'Prepended the 1.1.0 section to CHANGELOG.md.');
  });
  it('says when a version’s section is replaced', () => {
    const [w] = prependSections('# Changelog\n\n## 1.1.0\n\n* old\n', [s('1.1.0')]);
    assert.equal(w!.replaced, true);
    assert.equal(describeWrite(w!, 'docs/CHANGELOG.md'), 'replace the 1.1.0 section of docs/CHANGELOG.md');
    assert.equal(describeWrite(w!, 'docs/CHANGELOG.md', true), 'Replaced the 1.1.0 section of docs/CHANGELOG.md.');
  });
  it('plans nothing for no sections', () => {
    assert.deepEqual(prependSections('# Changelog\n', []), []);
  });
});

describe('setPackageVersion', () => {
  it('changes only the top-level version field', () => {
    const text = '{\n  "name": "x",\n  "version": "1.0.0",\n  "dependencies": {\n    "version": "1.0.0"\n  }\n}\n';
    assert.equal(setPackageVersion(text, '1.1.0'), text.replace('"version": "1.0.0",', '"version": "1.1.0",'));
  });
  it('finds it after a nested "version" key and keeps odd formatting', () => {
    const text = '{"config":{"version":"9"},\t"version"  :  "0.1.0" ,"x":[1,{"version":"2"}]}';
    assert.equal(setPackageVersion(text, '0.2.0'), '{"config":{"version":"9"},\t"version"  :  "0.2.0" ,"x":[1,{"version":"2"}]}');
  });
  it('handles escaped quotes in strings before it', () => {
    const text = '{\n  "description": "say \\"version\\": \\"no\\"",\n  "version": "1.0.0"\n}\n';
    const out = setPackageVersion(text, '2.0.0');
    assert.equal(JSON.parse(out!).version, '2.0.0');
    assert.equal(JSON.parse(out!).description, 'say "version": "no"');
  });
  it('undefined when there is no top-level version string', () => {
    assert.equal(setPackageVersion('{\n  "name": "x"\n}\n', '1.0.0'), undefined);
    assert.equal(setPackageVersion('{"a":{"version":"1.0.0"}}', '1.0.1'), undefined);
    assert.equal(setPackageVersion('{"version": 1}', '1.0.1'), undefined);
  });
});
