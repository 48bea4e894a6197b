import assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { installedSandbox, type Installed } from '../helpers/installed.js';

describe('commit hooks', () => {
  let box: Installed;
  before(() => {
    box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/21-msg']);
  });
  const lastMessage = () => box.gitOk(['log', '-1', '--format=%B']);

  it('refuses a bad message, prints each problem and how to get the message back', () => {
    const r = box.git(['commit', '--allow-empty', '-m', 'Added Stuff.']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /type may not be empty/);
    assert.match(r.stderr, /npx flowgate commit --retry/);
    const kept = join(box.dir, '.git', 'flowgate', 'REFUSED_COMMIT_MSG');
    assert.match(readFileSync(kept, 'utf8'), /^Added Stuff\./);
    // the printed recovery command works
    const retry = box.git(['commit', '--allow-empty', '-F', kept]);
    assert.equal(retry.code, 1, 'still refused: same message');
  });

  it('accepts a conventional message and adds the issue footer once', () => {
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat(api): add thing']).code, 0);
    assert.equal(lastMessage(), 'feat(api): add thing\n\nRefs: #21');
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'fix: thing', '-m', 'Closes #21']).code, 0);
    assert.doesNotMatch(lastMessage(), /Refs:/);
  });

  it('appends to an existing trailer block', () => {
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'fix: y\n\nbody\n\nSigned-off-by: A <a@b.c>']).code, 0);
    assert.equal(lastMessage(), 'fix: y\n\nbody\n\nSigned-off-by: A <a@b.c>\nRefs: #21');
  });

  it('does not touch amend, merge, revert and fixup messages, and lets them pass', () => {
    box.write('file.txt', 'one\n');
    box.gitOk(['add', 'file.txt']);
    box.gitOk(['commit', '-q', '-m', 'feat: add file', '-m', 'Refs: #21']);
    const before = lastMessage();
    assert.equal(box.git(['commit', '-q', '--amend', '--no-edit']).code, 0);
    assert.equal(lastMessage(), before);
    box.write('file.txt', 'two\n');
    box.gitOk(['add', 'file.txt']);
    assert.equal(box.git(['commit', '-q', '--fixup', 'HEAD']).code, 0);
    assert.equal(lastMessage(), 'fixup! feat: add file');
    const revert = box.git(['revert', '--no-edit', 'HEAD']);
    assert.equal(revert.code, 0, revert.stderr);
    assert.match(lastMessage(), /^Revert "fixup! feat: add file"/);
    assert.doesNotMatch(lastMessage(), /Refs:/);
    box.gitOk(['switch', '-q', '-c', 'feature/22-side', 'HEAD~1']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: side']);
    box.gitOk(['switch', '-q', 'feature/21-msg']);
    const merge = box.git(['merge', '--no-ff', '--no-edit', 'feature/22-side']);
    assert.equal(merge.code, 0, merge.stderr);
    assert.match(lastMessage(), /^Merge branch 'feature\/22-side'/);
    assert.doesNotMatch(lastMessage(), /Refs:/);
  });

  it('reads messages with CRLF, a BOM, comments, a custom comment char and the -v scissors', () => {
    box.write('msg.txt', '\uFEFFfeat: crlf message\r\n\r\n# a comment line\r\n');
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-F', 'msg.txt']).code, 0);
    assert.match(lastMessage(), /^feat: crlf message/);
    box.write('msg2.txt', 'feat: custom comment char\n; not a problem line\n');
    assert.equal(box.git(['-c', 'core.commentChar=;', 'commit', '-q', '--allow-empty', '--cleanup=strip', '-F', 'msg2.txt']).code, 0);
    box.write('editor.sh', '#!/bin/sh\nprintf "fix: via editor\\n$(cat "$1")" > "$1"\n');
    box.gitOk(['add', 'msg.txt']);
    const r = box.git(['commit', '-q', '-v'], { env: { GIT_EDITOR: `sh ${join(box.dir, 'editor.sh')}` } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(lastMessage(), /^fix: via editor/);
  });

  it('with no terminal, gives the editor the convention and the footer, and an untouched message aborts as git does', () => {
    const seen = join(box.home, 'seen-message.txt');
    box.write('copy-editor.sh', `#!/bin/sh\ncp "$1" '${seen}'\n`);
    const started = Date.now();
    const r = box.git(['commit', '--allow-empty'], { env: { GIT_EDITOR: `sh ${join(box.dir, 'copy-editor.sh')}` } });
    assert.ok(Date.now() - started < 20_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Aborting commit due to empty commit message/);
    const text = readFileSync(seen, 'utf8');
    assert.match(text, /^# flowgate: write a Conventional Commits message/m);
    assert.match(text, /^Refs: #21$/m);
  });

  it('refuses commits on a protected branch but lets the first commit of a repository through', () => {
    box.gitOk(['switch', '-q', 'main']);
    const r = box.git(['commit', '--allow-empty', '-m', 'feat: on main']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /'main' is a protected branch/);
    assert.match(r.stderr, /npx flow feature start/);
    assert.match(r.stderr, /npx flowgate feature start/);
    box.gitOk(['switch', '-q', 'feature/21-msg']);
  });

  it('warns about a badly named branch but does not refuse', () => {
    box.gitOk(['switch', '-q', '-c', 'Wrong_Name']);
    const r = box.git(['commit', '--allow-empty', '-m', 'feat: ok']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: branch name 'Wrong_Name'/);
  });

  it('picks up a changed config at once (protected globs)', () => {
    box.gitOk(['switch', '-q', '-c', 'support/old']);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat: a']).code, 0);
    const pkg = JSON.parse(readFileSync(join(box.dir, 'package.json'), 'utf8'));
    pkg.flowgate = { protected: ['main', 'develop', 'support/*'] };
    box.write('package.json', JSON.stringify(pkg, null, 2) + '\n');
    // the dispatcher's fast path compares mtimes: move it forward even on coarse clocks
    touchLater(join(box.dir, 'package.json'), new Date(Date.now() + 2000));
    const r = box.git(['commit', '--allow-empty', '-m', 'feat: b']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /'support\/old' is a protected branch/);
  });

  it('fails closed with exit 2 and names the key when the config is invalid', () => {
    box.write('package.json', JSON.stringify({ name: 'app', flowgate: { protected: 5 } }) + '\n');
    touchLater(join(box.dir, 'package.json'), new Date(Date.now() + 4000));
    const r = box.git(['commit', '--allow-empty', '-m', 'feat: c']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /package\.json#flowgate.*`protected`/);
  });
});

function touchLater(file: string, when: Date): void {
  utimesSync(file, when, when);
}

describe('issue footer without commit linting', () => {
  it('still adds the footer to -m messages when commit-msg runs no commitlint', () => {
    const box = installedSandbox({ config: { hooks: { 'commit-msg': [] } } });
    box.gitOk(['switch', '-q', '-c', 'feature/41-no-lint']);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'anything goes']).code, 0);
    assert.equal(box.gitOk(['log', '-1', '--format=%B']), 'anything goes\n\nRefs: #41');
  });
});
