import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { sandbox, type Sandbox } from '../helpers/repo.js';

const PKG = '{\n  "name": "app",\n  "version": "1.0.0",\n  "private": true\n}\n';

function commit(box: Sandbox, message: string): void {
  box.gitOk(['commit', '-q', '--allow-empty', '-m', message]);
}

describe('flow version', () => {
  let box: Sandbox;
  before(() => {
    box = sandbox({ develop: false, remote: false });
    box.write('package.json', PKG);
    box.gitOk(['add', 'package.json']);
    commit(box, 'chore: add package.json');
    box.gitOk(['tag', 'v1.0.0']);
  });

  const histories: [string, string[], string][] = [
    ['feat only', ['feat: add login', 'docs: explain login'], '1.1.0'],
    ['feat!', ['feat: add login', 'feat!: drop the old API'], '2.0.0'],
    ['BREAKING CHANGE footer', ['fix: rename\n\nBREAKING CHANGE: config key renamed'], '2.0.0'],
    ['fix only', ['fix: null crash', 'chore: deps'], '1.0.1'],
  ];
  for (const [name, messages, expected] of histories) {
    it(`${name} since v1.0.0 → ${expected}, alone on stdout`, () => {
      box.gitOk(['switch', '-q', '-C', `try/${name.replace(/\W+/g, '-')}`, 'v1.0.0']);
      for (const m of messages) commit(box, m);
      const r = box.flow(['version']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${expected}\n`);
    });
  }

  it('--json reports current, next, bump and the number of commits', () => {
    box.gitOk(['switch', '-q', '-C', 'try/json', 'v1.0.0']);
    commit(box, 'feat: a');
    commit(box, 'fix: b');
    commit(box, 'Merge-like but not conventional');
    const r = box.flow(['version', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual({ current: doc.current, next: doc.next, bump: doc.bump, commits: doc.commits }, { current: '1.0.0', next: '1.1.0', bump: 'minor', commits: 3 });
  });

  it('skips merge commits and counts only commits since the highest reachable tag', () => {
    box.gitOk(['switch', '-q', '-C', 'try/merge', 'v1.0.0']);
    commit(box, 'fix: one');
    box.gitOk(['tag', 'v1.0.1']);
    box.gitOk(['switch', '-q', '-C', 'try/side', 'try/merge']);
    commit(box, 'fix: two');
    box.gitOk(['switch', '-q', 'try/merge']);
    box.gitOk(['merge', '-q', '--no-ff', '-m', 'feat: not counted, a merge', 'try/side']);
    const r = box.flow(['version', '--json']);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.current, '1.0.1');
    assert.equal(doc.next, '1.0.2');
    assert.equal(doc.commits, 1);
  });

  it('with no commits since the tag the version stays and says so on stderr', () => {
    box.gitOk(['switch', '-q', '--detach', 'v1.0.0']);
    const r = box.flow(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '1.0.0\n');
    assert.match(r.stderr, /nothing to release/);
  });

  it('without a tag, starts from package.json and counts every commit', () => {
    const b = sandbox({ develop: false, remote: false });
    b.write('package.json', PKG.replace('1.0.0', '0.4.2'));
    b.gitOk(['add', 'package.json']);
    commit(b, 'feat!: breaking before 1.0');
    const r = b.flow(['version', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.current, '0.4.2');
    assert.equal(doc.next, '0.5.0', 'below 1.0.0 a breaking change bumps the minor version');
    assert.equal(doc.commits, 2);
    assert.equal(doc.source, 'package.json');
  });

  it('exits 2 outside a git repository', () => {
    const r = box.flow(['version'], { cwd: box.home });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not inside a git work tree/);
    assert.equal(r.stdout, '');
  });
});

describe('flow changelog', () => {
  let box: Sandbox;
  const sha: Record<string, string> = {};
  before(() => {
    box = sandbox({ develop: false, remote: false });
    box.gitOk(['tag', 'v1.0.0']);
    const messages: [string, string][] = [
      ['feat', 'feat(auth): add login (#12)'],
      ['fix', 'fix: null crash\n\nCloses #3'],
      ['chore', 'chore: bump deps'],
      ['perf', 'perf: faster start-up'],
      ['breaking', 'feat!: drop node 18'],
    ];
    for (const [key, message] of messages) {
      commit(box, message);
      sha[key] = box.gitOk(['rev-parse', 'HEAD']);
    }
    box.gitOk(['remote', 'add', 'origin', 'git@github.com:acme/app.git']);
  });

  it('prints grouped Markdown with commit, issue and compare links on stdout', () => {
    const r = box.flow(['changelog']);
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.match(md, /^## \[2\.0\.0\]\(https:\/\/github\.com\/acme\/app\/compare\/v1\.0\.0\.\.\.v2\.0\.0\) \(\d{4}-\d\d-\d\d\)\n/);
    const headings = ['### ⚠ BREAKING CHANGES', '### Features', '### Bug Fixes', '### Performance Improvements'].map((h) => md.indexOf(h));
    assert.ok(headings.every((i) => i > 0), md);
    assert.deepEqual([...headings].sort((a, b) => a - b), headings);
    assert.match(md, /\* drop node 18\n/);
    assert.ok(md.includes(`* **auth:** add login ([#12](https://github.com/acme/app/issues/12)) ([${sha.feat!.slice(0, 7)}](https://github.com/acme/app/commit/${sha.feat}))`), md);
    assert.ok(md.includes(`* null crash ([${sha.fix!.slice(0, 7)}](https://github.com/acme/app/commit/${sha.fix})), closes [#3](https://github.com/acme/app/issues/3)`), md);
    assert.doesNotMatch(md, /bump deps/);
  });

  it('never prints credentials from the remote URL', () => {
    box.gitOk(['remote', 'set-url', 'origin', 'https://bot:s3cr3t-pa55@github.com/acme/app.git']);
    try {
      const r = box.flow(['changelog']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /https:\/\/github\.com\/acme\/app\/commit\//);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cr3t|bot:/);
    } finally {
      box.gitOk(['remote', 'set-url', 'origin', 'git@github.com:acme/app.git']);
    }
  });

  it('has no links when the remote is unknown', () => {
    box.gitOk(['remote', 'set-url', 'origin', join(box.home, 'local.git')]);
    try {
      const r = box.flow(['changelog']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^## 2\.0\.0 \(/);
      assert.match(r.stdout, /\* \*\*auth:\*\* add login \(#12\) [0-9a-f]{7}\n/);
      assert.doesNotMatch(r.stdout, /\]\(|undefined/);
    } finally {
      box.gitOk(['remote', 'set-url', 'origin', 'git@github.com:acme/app.git']);
    }
  });

  it('--from and --to choose the range', () => {
    const r = box.flow(['changelog', '--from', 'v1.0.0', '--to', sha.fix!]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## \[1\.1\.0\]/);
    assert.match(r.stdout, /add login/);
    assert.match(r.stdout, /null crash/);
    assert.doesNotMatch(r.stdout, /faster|node 18/);
    const later = box.flow(['changelog', '--from', sha.fix!]);
    assert.doesNotMatch(later.stdout, /add login|null crash/);
    assert.match(later.stdout, /faster/);
  });

  it('--json reports the version, the range, the commits and the Markdown', () => {
    const r = box.flow(['changelog', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, '2.0.0');
    assert.equal(doc.from, 'v1.0.0');
    assert.equal(doc.to, 'HEAD');
    assert.deepEqual(
      doc.commits.map((c: { type: string; breaking: boolean }) => `${c.type}${c.breaking ? '!' : ''}`),
      ['feat!', 'perf', 'chore', 'fix', 'feat'],
    );
    assert.match(doc.markdown, /### Features/);
  });

  it('--write creates CHANGELOG.md, prepends to it, and never duplicates a version', () => {
    box.gitOk(['switch', '-q', '-c', 'write-test']);
    const first = box.flow(['changelog', '--write', '--to', sha.fix!]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /CHANGELOG\.md/);
    const file = join(box.dir, 'CHANGELOG.md');
    const created = readFileSync(file, 'utf8');
    assert.match(created, /^# Changelog\n\n## \[1\.1\.0\]/);
    // a hand-written intro and the 1.1.0 section stay; the new section goes on top
    writeFileSync(file, created.replace('# Changelog\n', '# Changelog\n\nEverything that changed.\n'));
    const second = box.flow(['changelog', '--write', '--from', sha.fix!]);
    assert.equal(second.code, 0, second.stderr);
    let text = readFileSync(file, 'utf8');
    assert.match(text, /^# Changelog\n\nEverything that changed\.\n\n## 2\.0\.0 [^\n]*\n[\s\S]*drop node 18[\s\S]*\n## \[1\.1\.0\]/);
    // again for the same version: replaced, not duplicated
    const third = box.flow(['changelog', '--write', '--from', sha.fix!]);
    assert.equal(third.code, 0, third.stderr);
    text = readFileSync(file, 'utf8');
    assert.equal(text.match(/^## \[?2\.0\.0/gm)?.length, 1, text);
    assert.equal(text.match(/^## \[1\.1\.0\]/gm)?.length, 1, text);
    assert.match(third.stderr, /Replaced the 2\.0\.0 section/);
  });

  it('on a release tag, shows that release since the previous tag', () => {
    box.gitOk(['tag', 'v2.0.0', sha.breaking!]);
    try {
      const r = box.flow(['changelog', '--to', 'v2.0.0']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^## \[2\.0\.0\]\(https:\/\/github\.com\/acme\/app\/compare\/v1\.0\.0\.\.\.v2\.0\.0\)/);
      assert.match(r.stdout, /add login/);
      const v = box.flow(['version', '--json'], {});
      assert.equal(JSON.parse(v.stdout).current, '2.0.0');
    } finally {
      box.gitOk(['tag', '-d', 'v2.0.0']);
    }
  });

  it('an empty range prints nothing on stdout and says so', () => {
    const r = box.flow(['changelog', '--from', 'HEAD']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /No commits/);
  });

  it('exits 2 for a ref that does not exist, naming it', () => {
    const r = box.flow(['changelog', '--from', 'v9.9.9']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /'v9\.9\.9' is not a commit/);
    assert.equal(r.stdout, '');
    const opt = box.flow(['changelog', '--to', '--output=/tmp/x']);
    assert.equal(opt.code, 2);
  });
});
