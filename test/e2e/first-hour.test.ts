/**
 * The first hour, the way a new user goes: a project with a GitHub-like origin (fetch URL on
 * github.com, pushes to a local bare repository), `npm install -D <tarball>`, `npx flowgate init`,
 * then the README's day-to-day steps through the real hooks — the set-up commit on the branch
 * init started, `git push -u origin develop`, the commit prompt in a real terminal (tmux) with
 * the commit.template init set, a refused commit's explanation, and no prompt where git writes
 * the message itself.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { TARBALL, requirePacked } from '../helpers/installed.js';
import { run, sandbox, type RunResult, type Sandbox } from '../helpers/repo.js';
import { inTerminal, q } from '../helpers/terminal.js';

const ORIGIN = 'https://github.com/acme/widgets.git';

describe('the first hour: npm install -D, flowgate init, the README day to day', { concurrency: 1 }, () => {
  let box: Sandbox;
  let env: NodeJS.ProcessEnv;
  let init: RunResult;
  const sh = (script: string, extra: NodeJS.ProcessEnv = {}): RunResult => run('sh', ['-c', script], { cwd: box.dir, env: { ...env, ...extra } });
  const remoteSha = (branch: string) => box.git(['--git-dir', box.remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).stdout.trim();

  before(() => {
    requirePacked();
    // An existing project on GitHub: main only, pushed; node_modules ignored.
    box = sandbox({ develop: false });
    box.write('package.json', `${JSON.stringify({ name: 'widgets', version: '1.0.0', private: true }, null, 2)}\n`);
    box.write('.gitignore', 'node_modules\n');
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '-m', 'chore: add package.json']);
    box.gitOk(['push', '-q', 'origin', 'main']);
    box.gitOk(['remote', 'set-url', 'origin', ORIGIN]);
    box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
    env = { ...box.env, GH_CONFIG_DIR: join(box.home, 'gh') };

    const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', TARBALL], { cwd: box.dir, env });
    assert.equal(install.code, 0, install.stderr);
    init = sh('npx --no flowgate init --yes');
    assert.equal(init.code, 0, init.stderr);
  });

  it('init pushes develop, starts chore/flowgate-setup and prints commands that work through the hooks', () => {
    assert.equal(remoteSha('develop'), box.gitOk(['rev-parse', 'main']), 'develop reached origin at main');
    assert.equal(box.gitOk(['branch', '--show-current']), 'chore/flowgate-setup');
    // what init suggests is accepted: develop is already there (and see the next test for a real push)
    const push = box.git(['push', '-u', 'origin', 'develop']);
    assert.equal(push.code, 0, push.stderr);

    const command = /^ {4}(git add -- .* && npx flowgate pr)$/m.exec(init.stderr)?.[1];
    assert.ok(command, init.stderr);
    const r = sh(command);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(box.gitOk(['log', '-1', '--format=%s']), 'chore: set up flowgate');
    assert.equal(remoteSha('chore/flowgate-setup'), box.gitOk(['rev-parse', 'HEAD']), 'the set-up branch was pushed');
    assert.match(r.stdout, /^https:\/\/github\.com\/acme\/widgets\/compare\/develop\.\.\.chore\/flowgate-setup/m, 'no token: the compare URL');
    // nothing of the set-up was left behind (node_modules is ignored)
    assert.equal(box.gitOk(['status', '--porcelain']), '');
  });

  it('git push -u origin develop creates develop on origin at main’s commit; an unreviewed commit on it is refused', () => {
    box.gitOk(['--git-dir', box.remote, 'update-ref', '-d', 'refs/heads/develop']);
    box.gitOk(['fetch', '-q', box.remote, '+refs/heads/*:refs/remotes/origin/*', '--prune']);
    const ok = box.git(['push', '-u', 'origin', 'develop']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(remoteSha('develop'), box.gitOk(['rev-parse', 'main']));

    // a protected branch made at a commit no protected branch on origin has: refused, nothing sent
    box.gitOk(['branch', 'hotfix-base', 'chore/flowgate-setup']);
    box.gitOk(['--git-dir', box.remote, 'update-ref', '-d', 'refs/heads/develop']);
    box.gitOk(['fetch', '-q', box.remote, '+refs/heads/*:refs/remotes/origin/*', '--prune']);
    const refused = box.git(['push', 'origin', 'hotfix-base:refs/heads/develop']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /creating protected branch 'develop' on origin with commits that none of its protected branches has is not allowed/);
    assert.equal(remoteSha('develop'), '');
    assert.equal(box.git(['push', '-q', 'origin', 'develop']).code, 0);
    box.gitOk(['fetch', '-q', box.remote, '+refs/heads/*:refs/remotes/origin/*']);
  });

  it('git commit at a terminal prompts although commit.template is set', async () => {
    assert.equal(box.gitOk(['config', 'commit.template']), '.gitmessage');
    box.gitOk(['switch', '-q', '-c', 'feature/7-notes', 'origin/develop']);
    box.write('notes.md', 'notes\n');
    box.gitOk(['add', 'notes.md']);
    await inTerminal(env, async (t) => {
      t.start(box.dir, 'git commit');
      await t.typeCommitSubject('add the notes page');
      t.key('Enter');
      await t.waitFor(/Body/);
      t.key('Enter');
      await t.waitFor(/breaking change\?/);
      t.key('Enter');
      await t.waitFor(/Issues .*#7/);
      t.key('Enter');
      assert.equal(await t.exitCode(), 0, t.screen());
    });
    assert.equal(box.gitOk(['log', '-1', '--format=%B']), 'feat: add the notes page\n\nRefs: #7');
    assert.doesNotMatch(box.gitOk(['log', '-1', '--format=%B']), /<type>|Written by `flow init`/, 'the template’s text is not in the message');
  });

  it('with no terminal the template reaches the editor at once, and no prompt waits', () => {
    box.write('more.md', 'more\n');
    box.gitOk(['add', 'more.md']);
    const editor = join(box.home, 'editor.sh');
    const seen = join(box.home, 'seen.txt');
    writeFileSync(editor, `#!/bin/sh\ncp "$1" ${q(seen)}\n{ printf "docs: add more notes\\n"; cat "$1"; } > "$1.tmp" && mv "$1.tmp" "$1"\n`);
    chmodSync(editor, 0o755);
    const started = Date.now();
    const r = spawnSync('setsid', ['-w', 'git', 'commit'], { cwd: box.dir, env: { ...env, GIT_EDITOR: editor }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Date.now() - started < 20_000, 'no wait');
    assert.match(readFileSync(seen, 'utf8'), /# <type>\(<scope>\): <subject>/, 'the editor showed the template');
    assert.equal(box.gitOk(['log', '-1', '--format=%B']), 'docs: add more notes\n\nRefs: #7');
  });

  it('a refused commit quotes the header, explains the convention, lists the types and gives an example', () => {
    box.write('x.md', 'x\n');
    box.gitOk(['add', 'x.md']);
    const r = box.git(['commit', '-m', 'added stuff']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /You wrote: {2}"added stuff"/);
    assert.match(r.stderr, /`type\(scope\): subject`/);
    assert.match(r.stderr, /Allowed types: build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test/);
    assert.match(r.stderr, /For example: {2}feat: added stuff/);
    assert.match(r.stderr, /npx flowgate commit --retry/);
    const ok = box.git(['commit', '-q', '-m', 'feat: added stuff']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('no prompt where git writes the message: amend, -c/-C/-F/-m, merge, cherry-pick, rebase', async () => {
    box.gitOk(['switch', '-q', '-c', 'feature/8-side', 'origin/develop']);
    box.write('side.md', 'side\n');
    box.gitOk(['add', 'side.md']);
    box.gitOk(['commit', '-q', '-m', 'feat: add the side page']);
    const side = box.gitOk(['rev-parse', 'HEAD']);
    box.gitOk(['switch', '-q', 'feature/7-notes']);
    const msg = join(box.home, 'msg.txt');
    writeFileSync(msg, 'fix: from a file\n');
    const steps = [
      'git commit -q --amend',
      'echo 1 >> x.md && git add x.md && git commit -q -c HEAD',
      'echo 2 >> x.md && git add x.md && git commit -q -C HEAD',
      `echo 3 >> x.md && git add x.md && git commit -q -F ${q(msg)}`,
      'echo 4 >> x.md && git add x.md && git commit -q -m "fix: with -m"',
      'GIT_SEQUENCE_EDITOR="sed -i s/^pick/reword/" git rebase -q -i HEAD~2',
      `git cherry-pick ${side} >/dev/null`,
      'git merge -q --no-ff feature/8-side',
    ];
    await inTerminal(env, async (t) => {
      t.start(box.dir, `${steps.join(' &&\n')} &&\necho ALL-DONE`);
      const screen = await t.waitFor(/__EXIT:\d+__/, 'the commands to finish');
      assert.doesNotMatch(screen, /Type of change/);
      assert.match(screen, /ALL-DONE/);
      assert.equal(await t.exitCode(), 0, screen);
    });
    assert.equal(box.gitOk(['log', '-1', '--format=%s']), "Merge branch 'feature/8-side' into feature/7-notes");
    // --first-parent: commits made in the same second have no fixed order in a plain log.
    assert.deepEqual(box.gitOk(['log', '-6', '--first-parent', '--no-merges', '--format=%s']).split('\n'), [
      'feat: add the side page',
      'fix: with -m',
      'fix: from a file',
      'feat: added stuff',
      'feat: added stuff',
      'feat: added stuff',
    ]);
  });
});
