/**
 * Hardening — git states. The installed hooks (packed tarball, real git) in every state a
 * repository can be in while git runs them: detached HEAD, rebases, merges with conflicts,
 * cherry-picks and reverts, before the first commit, shallow clones, other index files,
 * sub-directories, GIT_DIR/GIT_WORK_TREE, submodules and linked worktrees.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TEMPLATE, installedSandbox, requirePacked, type Installed } from '../helpers/installed.js';
import { assertFlowgateHooks, isolatedEnv, run, tempDir } from '../helpers/repo.js';

const lastMessage = (box: Installed, ref = 'HEAD', cwd?: string) => box.gitOk(['log', '-1', '--format=%B', ref], { cwd });
const remoteSha = (box: Installed, branch: string) => box.gitOk(['ls-remote', box.remote, `refs/heads/${branch}`]).split('\t')[0] ?? '';

/** A commit that changes `file`, with hooks skipped (to set up a state, not to test it). */
function setupCommit(box: Installed, file: string, content: string, message: string, cwd?: string): void {
  writeFileSync(join(cwd ?? box.dir, file), content);
  box.gitOk(['add', file], { cwd });
  box.gitOk(['commit', '-q', '-m', message], { cwd, env: { FLOWGATE_SKIP: '1' } });
}

/** An editor (GIT_EDITOR) that replaces the message file with `text`. */
function editorWriting(box: Installed, name: string, text: string): string {
  const msg = join(box.home, `${name}.msg`);
  writeFileSync(msg, text);
  const script = join(box.home, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\ncat '${msg}' > "$1"\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('hooks in odd git states', { concurrency: 1 }, () => {
  const box = installedSandbox();

  it('detached HEAD: messages are linted, no footer, and pushing HEAD:main is still refused', () => {
    box.gitOk(['switch', '-q', '--detach', 'main']);
    const bad = box.git(['commit', '--allow-empty', '-m', 'Detached work']);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /commit message refused/);
    const good = box.git(['commit', '-q', '--allow-empty', '-m', 'fix: detached work']);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(lastMessage(box), 'fix: detached work');
    const before = remoteSha(box, 'main');
    const push = box.git(['push', 'origin', 'HEAD:main']);
    assert.equal(push.code, 1, push.stderr);
    assert.match(push.stderr, /protected branch 'main'/);
    assert.equal(remoteSha(box, 'main'), before);
    box.gitOk(['switch', '-q', 'main']);
  });

  it('plain rebase with a conflict: --continue keeps each message as it was, adds no footer twice', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/31-rebase', 'develop']);
    setupCommit(box, 'r.txt', 'mine\n', 'feat: mine\n\nRefs: #31');
    setupCommit(box, 'r2.txt', 'two\n', 'feat: second');
    box.gitOk(['switch', '-q', 'develop']);
    setupCommit(box, 'r.txt', 'theirs\n', 'feat: theirs');
    box.gitOk(['switch', '-q', 'feature/31-rebase']);
    const stop = box.git(['rebase', 'develop']);
    assert.notEqual(stop.code, 0, 'the rebase should stop on the conflict');
    writeFileSync(join(box.dir, 'r.txt'), 'merged\n');
    box.gitOk(['add', 'r.txt']);
    const cont = box.git(['rebase', '--continue']);
    assert.equal(cont.code, 0, cont.stderr);
    assert.equal(box.gitOk(['log', '-2', '--format=%s|%b', 'HEAD']).replace(/\n+/g, '\n'), 'feat: second|\nfeat: mine|Refs: #31');
    assert.ok(!existsSync(join(box.dir, '.git', 'rebase-merge')));
  });

  it('interactive reword: the new message is linted (a bad one stops the rebase, kept for retry), a good one passes untouched', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/32-reword', 'develop']);
    setupCommit(box, 'w.txt', 'w\n', 'feat: to be reworded');
    const seq = join(box.home, 'seq.sh');
    writeFileSync(seq, '#!/bin/sh\nsed -i "1s/^pick/reword/" "$1"\n');
    chmodSync(seq, 0o755);
    const bad = box.git(['rebase', '-i', 'HEAD~1'], { env: { GIT_SEQUENCE_EDITOR: seq, GIT_EDITOR: editorWriting(box, 'bad', 'Reworded badly\n') } });
    assert.notEqual(bad.code, 0, 'a bad reword must stop the rebase');
    assert.match(bad.stderr, /commit message refused/);
    assert.equal(readFileSync(join(box.dir, '.git', 'flowgate', 'REFUSED_COMMIT_MSG'), 'utf8'), 'Reworded badly\n');
    // git leaves the rebase stopped at the commit: amend with a good message and continue
    const fixed = box.git(['commit', '--amend', '-q', '-m', 'feat: reworded well'], { env: { GIT_EDITOR: 'true' } });
    assert.equal(fixed.code, 0, fixed.stderr);
    const cont = box.git(['rebase', '--continue'], { env: { GIT_EDITOR: 'true' } });
    assert.equal(cont.code, 0, cont.stderr);
    assert.equal(lastMessage(box), 'feat: reworded well');
    const good = box.git(['rebase', '-i', 'HEAD~1'], { env: { GIT_SEQUENCE_EDITOR: seq, GIT_EDITOR: editorWriting(box, 'good', 'fix: reworded again\n') } });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(lastMessage(box), 'fix: reworded again');
  });

  it('merge with conflicts on a feature branch: resolving and committing keeps git’s Merge message, no footer', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/33-merge', 'develop']);
    setupCommit(box, 'm.txt', 'feature side\n', 'feat: feature side');
    box.gitOk(['switch', '-q', '-c', 'feature/34-other', 'develop']);
    setupCommit(box, 'm.txt', 'other side\n', 'feat: other side');
    box.gitOk(['switch', '-q', 'feature/33-merge']);
    const merge = box.git(['merge', 'feature/34-other']);
    assert.notEqual(merge.code, 0);
    assert.ok(existsSync(join(box.dir, '.git', 'MERGE_HEAD')));
    writeFileSync(join(box.dir, 'm.txt'), 'both\n');
    box.gitOk(['add', 'm.txt']);
    const done = box.git(['commit', '--no-edit']);
    assert.equal(done.code, 0, done.stderr);
    // (with --no-edit git keeps its "# Conflicts:" note; what matters is that no hook touched it)
    assert.match(lastMessage(box), /^Merge branch 'feature\/34-other' into feature\/33-merge(\n\n# Conflicts:\n#\tm\.txt)?$/);
    // merge --continue (git ≥ 2.12) goes through the same hooks
    box.gitOk(['reset', '-q', '--hard', 'HEAD~1']);
    assert.notEqual(box.git(['merge', 'feature/34-other']).code, 0);
    writeFileSync(join(box.dir, 'm.txt'), 'both\n');
    box.gitOk(['add', 'm.txt']);
    const cont = box.git(['merge', '--continue'], { env: { GIT_EDITOR: 'true' } });
    assert.equal(cont.code, 0, cont.stderr);
    assert.match(lastMessage(box), /^Merge branch 'feature\/34-other'/);
    assert.doesNotMatch(lastMessage(box), /Refs:/);
  });

  it('cherry-pick (plain, -e, -x and after a conflict) never adds the branch’s footer', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/35-source', 'develop']);
    setupCommit(box, 'c1.txt', '1\n', 'fix: picked one');
    const one = box.gitOk(['rev-parse', 'HEAD']);
    setupCommit(box, 'c2.txt', '2\n', 'fix: picked two');
    const two = box.gitOk(['rev-parse', 'HEAD']);
    setupCommit(box, 'c3.txt', 'source\n', 'fix: picked three');
    const three = box.gitOk(['rev-parse', 'HEAD']);
    box.gitOk(['switch', '-q', '-c', 'feature/36-target', 'develop']);
    let r = box.git(['cherry-pick', one]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastMessage(box), 'fix: picked one');
    r = box.git(['cherry-pick', '-e', '-x', two], { env: { GIT_EDITOR: 'true' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastMessage(box), `fix: picked two\n\n(cherry picked from commit ${two})`);
    setupCommit(box, 'c3.txt', 'target\n', 'fix: conflicting');
    assert.notEqual(box.git(['cherry-pick', three]).code, 0);
    writeFileSync(join(box.dir, 'c3.txt'), 'resolved\n');
    box.gitOk(['add', 'c3.txt']);
    r = box.git(['cherry-pick', '--continue'], { env: { GIT_EDITOR: 'true' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastMessage(box), 'fix: picked three');
  });

  it('revert (plain and after a conflict) keeps git’s Revert message and passes', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/37-revert', 'develop']);
    setupCommit(box, 'v.txt', 'a\n', 'feat: to revert');
    const r = box.git(['revert', '--no-edit', 'HEAD']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(lastMessage(box), /^Revert "feat: to revert"\n\nThis reverts commit [0-9a-f]{40}\.$/);
    const edited = box.git(['revert', 'HEAD'], { env: { GIT_EDITOR: 'true' } });
    assert.equal(edited.code, 0, edited.stderr);
    assert.match(lastMessage(box), /^Revert "Revert "feat: to revert""/);
    assert.doesNotMatch(lastMessage(box), /Refs: #37/);
  });

  it('git commit -a, git commit <path> and --only (a temporary GIT_INDEX_FILE) work with lint-staged configured', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/38-index', 'main']);
    const pkg = JSON.parse(readFileSync(join(box.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    pkg['lint-staged'] = { '*.txt': 'node check.cjs' };
    writeFileSync(join(box.dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    writeFileSync(join(box.dir, 'check.cjs'), "const fs=require('fs');for(const f of process.argv.slice(2)){if(fs.readFileSync(f,'utf8').includes('FORBIDDEN')){console.error('forbidden in '+f);process.exit(1)}}\n");
    setupCommit(box, 'a.txt', 'a0\n', 'chore: lint-staged');
    box.gitOk(['add', 'package.json', 'check.cjs']);
    box.gitOk(['commit', '-q', '-m', 'chore: lint-staged config'], { env: { FLOWGATE_SKIP: '1' } });
    writeFileSync(join(box.dir, 'a.txt'), 'a1\n');
    let r = box.git(['commit', '-q', '-a', '-m', 'feat: with -a']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['show', 'HEAD:a.txt']), 'a1');
    writeFileSync(join(box.dir, 'a.txt'), 'a2\n');
    writeFileSync(join(box.dir, 'b.txt'), 'untracked stays\n');
    r = box.git(['commit', '-q', '-m', 'feat: with a path', 'a.txt']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['show', 'HEAD:a.txt']), 'a2');
    assert.equal(readFileSync(join(box.dir, 'b.txt'), 'utf8'), 'untracked stays\n');
    writeFileSync(join(box.dir, 'a.txt'), 'FORBIDDEN\n');
    r = box.git(['commit', '-m', 'feat: forbidden', '--only', 'a.txt']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /lint-staged tasks failed/);
    assert.equal(readFileSync(join(box.dir, 'a.txt'), 'utf8'), 'FORBIDDEN\n', 'the work tree change is not lost');
    assert.equal(box.gitOk(['show', 'HEAD:a.txt']), 'a2');
    box.gitOk(['checkout', '--', 'a.txt']);
    box.gitOk(['rm', '-q', '--cached', '--ignore-unmatch', 'b.txt']);
  });

  it('committing from a sub-directory reads the message file and the config of the repository', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/39-subdir', 'develop']);
    const sub = join(box.dir, 'deep', 'er dir');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'f.txt'), 'x\n');
    box.gitOk(['add', 'f.txt'], { cwd: sub });
    const bad = box.git(['commit', '-m', 'bad message'], { cwd: sub });
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /REFUSED_COMMIT_MSG/);
    const good = box.git(['commit', '-q', '-m', 'feat: from a sub-directory'], { cwd: sub });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(lastMessage(box), 'feat: from a sub-directory\n\nRefs: #39');
    const push = box.git(['push', 'origin', 'HEAD:develop'], { cwd: sub });
    assert.equal(push.code, 1, push.stderr);
  });

  it('GIT_DIR and GIT_WORK_TREE set by the user (run from elsewhere): hooks still guard', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/40-gitdir', 'develop']);
    const elsewhere = join(box.home, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    const env = { GIT_DIR: join(box.dir, '.git'), GIT_WORK_TREE: box.dir };
    const bad = box.git(['commit', '--allow-empty', '-m', 'nope'], { cwd: elsewhere, env });
    assert.equal(bad.code, 1, bad.stderr);
    const good = box.git(['commit', '-q', '--allow-empty', '-m', 'fix: with GIT_DIR'], { cwd: elsewhere, env });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(lastMessage(box), 'fix: with GIT_DIR\n\nRefs: #40');
    const push = box.git(['push', 'origin', 'HEAD:main'], { cwd: elsewhere, env });
    assert.equal(push.code, 1, push.stderr);
    // the same through --git-dir/--work-tree, with a relative GIT_DIR
    const relative = box.git(['--git-dir=.git', `--work-tree=${box.dir}`, 'commit', '--allow-empty', '-m', 'nope again']);
    assert.equal(relative.code, 1, relative.stderr);
    const onMain = box.git(['--git-dir', join(box.dir, '.git'), '--work-tree', box.dir, 'push', 'origin', 'HEAD:main'], { cwd: elsewhere });
    assert.equal(onMain.code, 1);
  });

  it('linked worktrees: install from the linked one, commit and push in the main one, and the other way', () => {
    const wt = join(box.home, 'linked tree');
    box.gitOk(['worktree', 'add', '-q', '-b', 'feature/41-linked', wt, 'develop']);
    symlinkSync(join(TEMPLATE, 'node_modules'), join(wt, 'node_modules'));
    const r = box.bin(['install'], { cwd: wt });
    assert.equal(r.code, 0, r.stderr);
    // the stubs live in the shared .git/hooks: nothing ties them to the linked worktree
    assert.doesNotMatch(r.stderr, /removing this worktree/);
    assertFlowgateHooks(box, wt);
    box.gitOk(['switch', '-q', '-c', 'feature/42-main-tree', 'develop']);
    assert.equal(box.git(['commit', '--allow-empty', '-m', 'bad']).code, 1);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat: main tree']).code, 0);
    assert.match(lastMessage(box), /Refs: #42/);
    assert.equal(box.git(['push', 'origin', 'HEAD:develop']).code, 1);
    assert.equal(box.git(['push', '-q', 'origin', 'HEAD']).code, 0);
    assert.equal(box.git(['commit', '--allow-empty', '-m', 'bad'], { cwd: wt }).code, 1);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat: linked tree'], { cwd: wt }).code, 0);
    assert.match(lastMessage(box, 'HEAD', wt), /Refs: #41/);
    assert.equal(box.git(['push', 'origin', 'HEAD:main'], { cwd: wt }).code, 1);
    // installing back from the main tree points the hooks home again
    assert.equal(box.bin(['install']).code, 0);
    assertFlowgateHooks(box);
    assert.equal(box.git(['commit', '--allow-empty', '-m', 'bad'], { cwd: wt }).code, 1);
  });
});

/** A new repository (`git init <initArgs>`) of its own, with an isolated home and the packed flowgate installed. */
function freshInstalled(name: string, initArgs: string[]) {
  requirePacked();
  const base = tempDir();
  const home = join(base, 'home');
  mkdirSync(home);
  const env = isolatedEnv(home);
  const dir = join(base, name);
  mkdirSync(dir);
  const git = (args: string[], extra: NodeJS.ProcessEnv = {}) => run('git', args, { cwd: dir, env: { ...env, ...extra } });
  assert.equal(git(['init', '-q', ...initArgs]).code, 0);
  writeFileSync(join(dir, 'package.json'), `{"name":"${name}","private":true}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  symlinkSync(join(TEMPLATE, 'node_modules'), join(dir, 'node_modules'));
  const install = run(join(dir, 'node_modules', '.bin', 'flowgate'), ['install'], { cwd: dir, env });
  assert.equal(install.code, 0, install.stderr);
  return { base, env, dir, git };
}

describe('hooks in odd git states in other repositories', { concurrency: 1 }, () => {
  it('before the first commit: the first commit on main goes through (linted), an unborn HEAD does not crash pre-push', () => {
    const { base, env, dir, git } = freshInstalled('fresh', ['-b', 'main']);
    assert.equal(git(['add', '-A']).code, 0);
    const bad = git(['commit', '-m', 'initial']);
    assert.equal(bad.code, 1, bad.stderr);
    const good = git(['commit', '-q', '-m', 'chore: initial commit']);
    assert.equal(good.code, 0, good.stderr);
    const remote = join(base, 'origin.git');
    assert.equal(run('git', ['init', '-q', '--bare', '-b', 'main', remote], { env }).code, 0);
    assert.equal(git(['remote', 'add', 'origin', remote]).code, 0);
    // the very first push of main is still a push to a protected branch
    const push = git(['push', 'origin', 'main']);
    assert.equal(push.code, 1, push.stderr);
    assert.match(push.stderr, /protected branch 'main'/);
    // an orphan branch (unborn HEAD again) commits and pushes
    assert.equal(git(['switch', '-q', '--orphan', 'docs/site']).code, 0);
    writeFileSync(join(dir, 'index.md'), '# site\n');
    assert.equal(git(['add', 'index.md']).code, 0);
    assert.equal(git(['commit', '-q', '-m', 'docs: site']).code, 0);
    const orphan = git(['push', '-q', 'origin', 'docs/site']);
    assert.equal(orphan.code, 0, orphan.stderr);
  });

  it('a SHA-256 repository: 64-digit object ids in pre-push input and in the commits it lints', () => {
    const { base, env, git } = freshInstalled('sha', ['--object-format=sha256', '-b', 'main']);
    assert.equal(git(['add', '-A']).code, 0);
    assert.equal(git(['commit', '-q', '-m', 'chore: initial commit']).code, 0);
    const remote = join(base, 'origin.git');
    assert.equal(run('git', ['init', '-q', '--bare', '--object-format=sha256', '-b', 'main', remote], { env }).code, 0);
    assert.equal(git(['remote', 'add', 'origin', remote]).code, 0);
    assert.equal(git(['switch', '-q', '-c', 'feature/46-sha256']).code, 0);
    assert.equal(git(['commit', '-q', '--allow-empty', '-m', 'feat: sha-256 objects']).code, 0);
    const ok = git(['push', '-q', 'origin', 'HEAD']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(git(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'sloppy']).code, 0);
    const bad = git(['push', 'origin', 'HEAD']);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /commit [0-9a-f]{8} "sloppy"/);
    assert.equal(bad.stderr.match(/✖ commit /g)?.length, 1);
    const main = git(['push', 'origin', 'HEAD~1:refs/heads/main']);
    assert.equal(main.code, 1);
    assert.match(main.stderr, /protected branch 'main'/);
  });

  it('shallow clone: commits are linted and pushes are guarded without the full history', () => {
    const box = installedSandbox();
    for (let i = 0; i < 5; i++) setupCommit(box, `h${i}.txt`, `${i}\n`, `not conventional ${i}`);
    box.gitOk(['push', '-q', 'origin', 'main', 'develop'], { env: { FLOWGATE_SKIP: '1' } });
    const clone = join(box.home, 'shallow');
    box.gitOk(['clone', '-q', '--depth', '1', '--no-single-branch', `file://${box.remote}`, clone]);
    assert.equal(box.gitOk(['rev-parse', '--is-shallow-repository'], { cwd: clone }), 'true');
    symlinkSync(join(TEMPLATE, 'node_modules'), join(clone, 'node_modules'));
    assert.equal(box.bin(['install'], { cwd: clone }).code, 0);
    box.gitOk(['switch', '-q', '-c', 'feature/43-shallow', 'origin/develop'], { cwd: clone });
    assert.equal(box.git(['commit', '--allow-empty', '-m', 'nope'], { cwd: clone }).code, 1);
    assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat: shallow'], { cwd: clone }).code, 0);
    // the old, non-conventional history is already on the remote: only the new commit is linted
    const push = box.git(['push', '-q', 'origin', 'HEAD'], { cwd: clone });
    assert.equal(push.code, 0, push.stderr);
    assert.equal(box.git(['push', 'origin', 'HEAD:main'], { cwd: clone }).code, 1);
    // a bad commit in the shallow clone is named when pushed
    assert.equal(box.git(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'sloppy'], { cwd: clone }).code, 0);
    const refused = box.git(['push', 'origin', 'HEAD'], { cwd: clone });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /"sloppy"/);
  });

  it('submodules: the parent’s hooks do not apply inside one, and installing inside one works', () => {
    const parent = installedSandbox();
    const child = installedSandbox({ install: false, name: 'child' });
    // a plain library repository, used as a submodule of the parent
    parent.gitOk(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', child.remote, 'lib'], { env: { FLOWGATE_SKIP: '1' } });
    const sub = join(parent.dir, 'lib');
    parent.gitOk(['switch', '-q', '-c', 'feature/44-sub'], { cwd: sub });
    const loose = parent.git(['commit', '-q', '--allow-empty', '-m', 'whatever I like'], { cwd: sub });
    assert.equal(loose.code, 0, `the parent's hooks must not apply in the submodule: ${loose.stderr}`);
    // install inside the submodule (its own package.json and node_modules)
    writeFileSync(join(sub, 'package.json'), '{"name":"lib","private":true}\n');
    symlinkSync(join(TEMPLATE, 'node_modules'), join(sub, 'node_modules'));
    const r = run(join(sub, 'node_modules', '.bin', 'flowgate'), ['install'], { cwd: sub, env: parent.env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(assertFlowgateHooks(parent, sub), join(parent.dir, '.git', 'modules', 'lib', 'hooks'));
    assert.equal(assertFlowgateHooks(parent), join(parent.dir, '.git', 'hooks'), 'the parent keeps its own hooks');
    assert.equal(parent.git(['commit', '--allow-empty', '-m', 'whatever'], { cwd: sub }).code, 1);
    assert.equal(parent.git(['commit', '-q', '--allow-empty', '-m', 'feat: in the submodule'], { cwd: sub }).code, 0);
    assert.match(lastMessage(parent, 'HEAD', sub), /Refs: #44/);
    assert.equal(parent.git(['push', 'origin', 'HEAD:main'], { cwd: sub }).code, 1);
    // and the parent still guards its own commits
    parent.gitOk(['switch', '-q', '-c', 'feature/45-parent', 'develop']);
    assert.equal(parent.git(['commit', '-q', '-m', 'feat: add lib submodule']).code, 0);
    assert.equal(parent.git(['commit', '--allow-empty', '-m', 'nope']).code, 1);
  });
});
