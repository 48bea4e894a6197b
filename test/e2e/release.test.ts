import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { sandbox, type Sandbox } from '../helpers/repo.js';

const PKG = '{\n  "name": "app",\n  "version": "1.0.0",\n  "private": true,\n  "scripts": {\n    "test": "node --test"\n  }\n}\n';

function commit(box: Sandbox, message: string): void {
  box.gitOk(['commit', '-q', '--allow-empty', '-m', message]);
}

describe('flow release start', () => {
  let box: Sandbox;
  let originDevelop: string;
  before(() => {
    box = sandbox();
    // main: package.json at 1.0.0, tagged; develop: feat + fix on top, pushed
    box.write('package.json', PKG);
    box.gitOk(['add', 'package.json']);
    commit(box, 'chore: add package.json');
    box.gitOk(['tag', 'v1.0.0']);
    box.gitOk(['switch', '-q', 'develop']);
    box.gitOk(['merge', '-q', '--ff-only', 'main']);
    commit(box, 'feat(auth): add login');
    commit(box, 'fix: typo in the greeting');
    box.gitOk(['push', '-q', 'origin', 'main', 'develop', 'v1.0.0']);
    originDevelop = box.gitOk(['rev-parse', 'develop']);
    // the local develop lags behind origin: the release must start from origin/develop
    box.gitOk(['switch', '-q', 'main']);
    box.gitOk(['branch', '-f', 'develop', 'develop~1']);
  });

  it('--dry-run prints the steps and changes nothing; --json gives the plan', () => {
    const refs = box.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']);
    const r = box.flow(['release', 'start', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'would fetch develop from origin\nwould create branch release/1.1.0 from origin/develop and switch to it\nwould write package.json\nwould write CHANGELOG.md\nwould stage package.json, CHANGELOG.md\nwould commit "chore(release): 1.1.0"\n',
    );
    const j = box.flow(['release', 'start', '--dry-run', '--json']);
    assert.deepEqual((JSON.parse(j.stdout) as { steps: { kind: string }[] }).steps.map((s) => s.kind), ['fetch', 'create-branch', 'write-file', 'write-file', 'stage', 'commit']);
    assert.equal(box.gitOk(['for-each-ref', '--format=%(refname) %(objectname)']), refs);
    assert.equal(box.gitOk(['status', '--porcelain']), '');
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
  });

  it('creates release/1.1.0 from origin/develop with package.json, CHANGELOG.md and the release commit', () => {
    const r = box.flow(['release', 'start']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'release/1.1.0\n');
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'release/1.1.0');
    assert.equal(box.gitOk(['log', '-1', '--format=%s']), 'chore(release): 1.1.0');
    assert.equal(box.gitOk(['rev-parse', 'HEAD~1']), originDevelop);
    assert.equal(box.gitOk(['status', '--porcelain']), '');
    assert.deepEqual(box.gitOk(['show', '--name-only', '--format=', 'HEAD']).split('\n').sort(), ['CHANGELOG.md', 'package.json']);
    // only the version field changed, formatting kept
    assert.equal(readFileSync(join(box.dir, 'package.json'), 'utf8'), PKG.replace('"version": "1.0.0"', '"version": "1.1.0"'));
    const changelog = readFileSync(join(box.dir, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^# Changelog\n\n## 1\.1\.0 \(\d{4}-\d\d-\d\d\)\n/);
    assert.match(changelog, /### Features\n\n\* \*\*auth:\*\* add login/);
    assert.match(changelog, /### Bug Fixes\n\n\* typo in the greeting/);
  });

  it('refuses an existing branch with exit 2 and changes nothing', () => {
    const head = box.gitOk(['rev-parse', 'HEAD']);
    const branches = box.gitOk(['branch', '--list']);
    const r = box.flow(['release', 'start', '1.1.0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /release\/1\.1\.0' already exists/);
    assert.equal(r.stdout, '');
    assert.equal(box.gitOk(['rev-parse', 'HEAD']), head);
    assert.equal(box.gitOk(['branch', '--list']), branches);
    assert.equal(box.gitOk(['status', '--porcelain']), '');
  });

  it('takes an explicit version and reports JSON', () => {
    box.gitOk(['switch', '-q', 'main']);
    const r = box.flow(['release', 'start', '2.0.0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual({ branch: doc.branch, version: doc.version, previous: doc.previous, base: doc.base }, { branch: 'release/2.0.0', version: '2.0.0', previous: '1.0.0', base: 'develop' });
    assert.equal(JSON.parse(readFileSync(join(box.dir, 'package.json'), 'utf8')).version, '2.0.0');
    assert.match(readFileSync(join(box.dir, 'CHANGELOG.md'), 'utf8'), /^# Changelog\n\n## 2\.0\.0/);
  });

  it('takes major, minor, patch', () => {
    box.gitOk(['switch', '-q', 'main']);
    const patch = box.flow(['release', 'start', 'patch', '--no-fetch']);
    assert.equal(patch.code, 0, patch.stderr);
    assert.equal(patch.stdout, 'release/1.0.1\n');
    box.gitOk(['switch', '-q', 'main']);
    box.gitOk(['branch', '-D', 'release/2.0.0']);
    const major = box.flow(['release', 'start', 'major', '--yes']);
    assert.equal(major.code, 0, major.stderr);
    assert.equal(major.stdout, 'release/2.0.0\n');
  });

  it('refuses a version that is not one, before changing anything', () => {
    box.gitOk(['switch', '-q', 'main']);
    const r = box.flow(['release', 'start', '1.2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /'1\.2' is not a version/);
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
    const low = box.flow(['release', 'start', '0.9.0']);
    assert.equal(low.code, 2);
    assert.match(low.stderr, /not above the current version 1\.0\.0/);
    // uncommitted edits to package.json would end up in the release commit
    writeFileSync(join(box.dir, 'package.json'), PKG.replace('"private": true', '"private": false'));
    const dirty = box.flow(['release', 'start', '3.0.0', '--no-fetch']);
    assert.equal(dirty.code, 2);
    assert.match(dirty.stderr, /^flowgate: package\.json has uncommitted changes; commit or stash them first/m);
    assert.equal(box.gitOk(['branch', '--list', 'release/3.0.0']), '');
    box.gitOk(['checkout', '--', 'package.json']);
  });
});

describe('flow release start, other set-ups', () => {
  it('trunk-based from main, without package.json; offline with a warning; nothing to release is exit 2', () => {
    const box = sandbox({ develop: false });
    box.write('flowgate.config.json', '{ "branches": { "develop": null } }\n');
    box.gitOk(['add', 'flowgate.config.json']);
    commit(box, 'chore: trunk-based');
    box.gitOk(['tag', 'v1.0.0']);
    box.gitOk(['push', '-q', 'origin', 'main']);
    const none = box.flow(['release', 'start']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /There are no commits on origin\/main since v1\.0\.0, so there is nothing to release/);
    assert.equal(box.gitOk(['branch', '--list', 'release/*']), '');

    commit(box, 'fix: one');
    // origin is gone: warn, then start from the local main
    box.gitOk(['remote', 'set-url', 'origin', join(box.home, 'gone.git')]);
    box.gitOk(['update-ref', '-d', 'refs/remotes/origin/main']);
    // a refused commit removes the CHANGELOG.md it had created
    const hook = join(box.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 1\n');
    chmodSync(hook, 0o755);
    const refused = box.flow(['release', 'start', 'minor', '--no-fetch']);
    assert.equal(refused.code, 2);
    assert.equal(existsSync(join(box.dir, 'CHANGELOG.md')), false);
    assert.equal(box.gitOk(['branch', '--list', 'release/*']), '');
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
    rmSync(hook);
    const r = box.flow(['release', 'start', 'minor', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /could not fetch main from origin/);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.branch, 'release/1.1.0');
    assert.equal(doc.base, 'main');
    assert.equal(doc.startPoint, 'main');
    assert.match(r.stderr, /no package\.json/);
    assert.equal(box.gitOk(['log', '-1', '--format=%s']), 'chore(release): 1.1.0');
    assert.equal(box.gitOk(['show', '--name-only', '--format=', 'HEAD']), 'CHANGELOG.md');
  });

  it('rolls everything back when a hook refuses the commit; once fixed, keeps the existing CHANGELOG.md under the new section', () => {
    const box = sandbox();
    box.write('package.json', PKG);
    box.write('CHANGELOG.md', '# Changelog\n\nAll notable changes.\n\n## 1.0.0 (2024-01-01)\n\n* first release\n');
    box.gitOk(['add', '.']);
    commit(box, 'chore: release 1.0.0');
    box.gitOk(['tag', 'v1.0.0']);
    box.gitOk(['branch', '-f', 'develop', 'main']);
    box.gitOk(['switch', '-q', 'develop']);
    commit(box, 'perf: faster');
    box.gitOk(['push', '-q', 'origin', 'main', 'develop']);
    box.gitOk(['switch', '-q', 'main']);
    const hook = join(box.dir, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, '#!/bin/sh\necho "refused by the test hook" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const before = readFileSync(join(box.dir, 'CHANGELOG.md'), 'utf8');

    const refused = box.flow(['release', 'start', '--no-fetch']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refused by the test hook/);
    assert.match(refused.stderr, /nothing was changed/);
    assert.equal(refused.stdout, '');
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'main');
    assert.equal(box.gitOk(['branch', '--list', 'release/*']), '');
    assert.equal(box.gitOk(['status', '--porcelain', '--untracked-files=all']), '');
    assert.equal(readFileSync(join(box.dir, 'CHANGELOG.md'), 'utf8'), before);

    rmSync(hook);
    const r = box.flow(['release', 'start', '--no-fetch']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'release/1.0.1\n');
    const text = readFileSync(join(box.dir, 'CHANGELOG.md'), 'utf8');
    assert.match(text, /^# Changelog\n\nAll notable changes\.\n\n## 1\.0\.1 \([^)]+\)\n\n### Performance Improvements\n\n\* faster \w+\n\n## 1\.0\.0 \(2024-01-01\)\n\n\* first release\n$/);
  });
});
