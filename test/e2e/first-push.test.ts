/**
 * A brand-new repository whose origin is empty: its first branches cannot come through a pull
 * request, so `flowgate init` makes that one push itself (main and develop); every push after it
 * meets the hooks again. Installed from the packed tarball, through the real hooks.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TARBALL, requirePacked } from '../helpers/installed.js';
import { run, sandbox } from '../helpers/repo.js';

describe('init in a new repository with an empty origin', () => {
  it('pushes main and develop as the first push; the next push to main is refused', () => {
    requirePacked();
    const box = sandbox({ develop: false, remote: false });
    const origin = join(box.home, 'origin.git');
    run('git', ['init', '-q', '--bare', '-b', 'main', origin], { env: box.env });
    box.gitOk(['remote', 'add', 'origin', origin]);
    box.write('package.json', `${JSON.stringify({ name: 'fresh', version: '1.0.0', private: true }, null, 2)}\n`);
    box.write('.gitignore', 'node_modules\n');
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '-m', 'chore: add package.json']);
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', TARBALL], { cwd: box.dir, env: box.env });
    assert.equal(install.code, 0, install.stderr);

    // By hand, the hook refuses and says what this is and how to go on.
    const byHand = box.git(['push', '-u', 'origin', 'main']);
    assert.equal(byHand.code, 1, byHand.stderr);
    assert.match(byHand.stderr, /A new repository's first push\? origin has none of its protected branches yet.*`npx flowgate init` makes that push/);

    const init = run('npx', ['--no', 'flowgate', 'init', '--yes'], { cwd: box.dir, env: box.env });
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stderr, /pushed +branches main and develop to the empty origin/);
    assert.doesNotMatch(init.stderr, /push refused|could not push/);
    const main = box.gitOk(['rev-parse', 'main']);
    const remote = (b: string) => box.git(['--git-dir', origin, 'rev-parse', '--verify', '--quiet', `refs/heads/${b}`]).stdout.trim();
    assert.equal(remote('main'), main);
    assert.equal(remote('develop'), main);
    assert.equal(box.gitOk(['rev-parse', '--abbrev-ref', 'develop@{upstream}']), 'origin/develop');

    // The skip was for that push alone: the set-up commit cannot go straight to main.
    box.gitOk(['add', '-A']);
    const commit = box.git(['commit', '-q', '-m', 'chore: set up flowgate']);
    assert.equal(commit.code, 0, commit.stderr);
    const push = box.git(['push', 'origin', 'HEAD:main']);
    assert.equal(push.code, 1, push.stderr);
    assert.match(push.stderr, /protected branch 'main'/);
    assert.doesNotMatch(push.stderr, /first push/, 'origin has main now: no first-push hint');
    assert.equal(remote('main'), main);
  });
});
