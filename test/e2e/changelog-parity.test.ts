/**
 * `flow changelog` and `flow version` against conventional-changelog (with the conventionalcommits
 * preset) on a history this test builds: releases with and without the `v` prefix, a prerelease,
 * dates in the past (a reprinted release is dated by its tag, never today).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ConventionalChangelog } from 'conventional-changelog';
import { sandbox, type Sandbox } from '../helpers/repo.js';

function commit(box: Sandbox, day: string, message: string): void {
  const when = `${day}T12:00:00Z`;
  box.gitOk(['commit', '-q', '--allow-empty', '-m', message], { env: { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
}

async function conventionalChangelog(dir: string): Promise<string> {
  const generator = new ConventionalChangelog(dir)
    .loadPreset('conventionalcommits')
    .readRepository()
    .package({ name: 'app', version: '2.0.0' })
    .options({ releaseCount: 0 });
  let out = '';
  for await (const chunk of generator.write()) out += chunk;
  return out;
}

/** `## [version](…)` sections by version. */
function sections(markdown: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of markdown.split(/^(?=## )/m)) {
    const version = /^## \[?([^\]\s]+)/.exec(part)?.[1];
    if (version) map.set(version, part.trim());
  }
  return map;
}

describe('changelog parity with conventional-changelog', () => {
  let box: Sandbox;
  before(() => {
    box = sandbox({ develop: false, remote: false });
    box.gitOk(['remote', 'add', 'origin', 'https://github.com/acme/widgets.git']);
    commit(box, '2024-01-10', 'feat: first');
    box.gitOk(['tag', 'v1.0.0']);
    commit(box, '2024-02-01', 'feat(auth): add login (#12)');
    commit(box, '2024-02-05', 'fix: null crash\n\nCloses #13');
    commit(box, '2024-02-20', 'perf: faster start');
    box.gitOk(['tag', 'v1.1.0']);
    commit(box, '2024-02-25', 'feat!: drop the old api\n\nBREAKING CHANGE: the old api is gone');
    box.gitOk(['tag', 'v2.0.0-rc.1']);
    commit(box, '2024-03-10', 'fix: a release candidate fix');
    box.gitOk(['tag', '2.0.0']); // no v prefix
  });

  it('a range over several releases: one section per release, each with its compare link and its tag’s date, as conventional-changelog', async () => {
    const r = box.flow(['changelog', '--from', 'v1.0.0', '--to', '2.0.0']);
    assert.equal(r.code, 0, r.stderr);
    const ours = sections(r.stdout);
    const theirs = sections(await conventionalChangelog(box.dir));
    assert.deepEqual([...ours.keys()], ['2.0.0', '2.0.0-rc.1', '1.1.0']);
    for (const [version, text] of ours) assert.equal(text, theirs.get(version), `section ${version}`);
    assert.match(ours.get('1.1.0')!, /^## \[1\.1\.0\]\(https:\/\/github\.com\/acme\/widgets\/compare\/v1\.0\.0\.\.\.v1\.1\.0\) \(2024-02-20\)$/m);
    assert.match(ours.get('2.0.0')!, /compare\/v2\.0\.0-rc\.1\.\.\.2\.0\.0\) \(2024-03-10\)/);
  });

  it('--write puts the sections into CHANGELOG.md newest first', () => {
    const r = box.flow(['changelog', '--from', 'v1.0.0', '--to', '2.0.0', '--write', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.sections.map((s: { version: string; date: string }) => [s.version, s.date]),
      [
        ['2.0.0', '2024-03-10'],
        ['2.0.0-rc.1', '2024-02-25'],
        ['1.1.0', '2024-02-20'],
      ],
    );
  });

  it('--to a stable tag with no --from starts at the previous stable release, not its prerelease, dated by the tag', () => {
    const r = box.flow(['changelog', '--to', '2.0.0']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## \[2\.0\.0\]\(https:\/\/github\.com\/acme\/widgets\/compare\/v1\.1\.0\.\.\.2\.0\.0\) \(2024-03-10\)$/m);
    assert.match(r.stdout, /drop the old api/);
    assert.match(r.stdout, /a release candidate fix/);
    assert.doesNotMatch(r.stdout, /add login/);
  });

  it('a bare version tag is a release: flow version counts from 2.0.0', () => {
    box.gitOk(['switch', '-q', '-c', 'try/after', '2.0.0']);
    commit(box, '2024-04-01', 'fix: after the release');
    const r = box.flow(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2.0.1\n');
  });

  it('a merge since a prerelease is a release to make', () => {
    box.gitOk(['switch', '-q', '-c', 'try/rc', 'v2.0.0-rc.1']);
    commit(box, '2024-03-01', 'fix: on the release branch');
    box.gitOk(['tag', 'v3.0.0-rc.1']);
    // a merge commit and nothing else since the prerelease
    const merge = box.gitOk(['commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-p', 'HEAD~1', '-m', 'Merge branch release/3.0.0']);
    box.gitOk(['reset', '-q', '--hard', merge]);
    const r = box.flow(['version', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.current, '3.0.0-rc.1');
    assert.equal(doc.next, '3.0.0');
  });
});
