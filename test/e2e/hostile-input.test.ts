/**
 * Hardening — hostile input. Branch names, descriptions, remote names and commit messages with
 * `$()`, backticks, `;`, quotes, `%s`, terminal escapes, emoji and combining characters, leading
 * `-`; a 1 MB message; a push of 3,000 tags and 3,000 new commits; paths with spaces, quotes and
 * non-ASCII. Nothing may be evaluated by a shell, nothing echoed with raw escapes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installedSandbox, type Installed } from '../helpers/installed.js';
import { assertFlowgateHooks } from '../helpers/repo.js';

const ESC = '\u001b';
const HOSTILE = `$(touch PWNED) \`touch PWNED2\`; touch PWNED3 'q' "dq" %s %n ${ESC}[31mred${ESC}[0m ${ESC}]0;title\u0007 🚀 café e\u0301 ${ESC}[2J`;

function assertNothingRan(box: Installed): void {
  for (const dir of [box.dir, box.pkg, box.home]) {
    const pwned = readdirSync(dir).filter((f) => f.startsWith('PWNED'));
    assert.deepEqual(pwned, [], `a shell evaluated input in ${dir}`);
  }
}

function assertNoEscapes(text: string, what: string): void {
  assert.ok(!text.includes(ESC) && !text.includes('\u0007') && !text.includes('\u009b'), `raw terminal control in ${what}: ${JSON.stringify(text)}`);
}

describe('hostile input', { concurrency: 1 }, () => {
  const box = installedSandbox({ name: `we"ird $(x) \`y\` ü 日本 dir` });

  it('flow feature start with hostile description words makes a plain, valid branch and runs nothing', () => {
    const r = box.bin(['feature', 'start', '--no-fetch', '123', ...HOSTILE.split(' '), '--', '-leading', '--dash']);
    assert.equal(r.code, 0, r.stderr);
    const branch = box.gitOk(['symbolic-ref', '--short', 'HEAD']);
    assert.match(branch, /^feature\/123-[a-z0-9-]+$/);
    assert.equal(box.git(['check-ref-format', '--branch', branch]).code, 0);
    assert.match(branch, /^feature\/123-touch-pwned-touch-pwned2-touch-pwned3-q-dq-s-n/);
    assertNoEscapes(r.stdout + r.stderr, 'flow feature start output');
    assertNothingRan(box);
  });

  it('a subject that looks like an option is only words; one that is all punctuation is refused, nothing created', () => {
    const option = box.bin(['feature', 'start', '--no-fetch', '--', '--upload-pack=touch PWNED4']);
    assert.equal(option.code, 0, option.stderr);
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/upload-pack-touch-pwned4');
    const before = box.gitOk(['for-each-ref', '--format=%(refname)', 'refs/heads']);
    for (const words of [['--', '$();`|&'], ['--', '-'], ['--', '🚀', `${ESC}`]]) {
      const r = box.bin(['feature', 'start', '--no-fetch', ...words]);
      assert.equal(r.code, 2, `${words.join(' ')}: ${r.stderr}`);
      assertNoEscapes(r.stderr, 'the refusal');
    }
    assert.equal(box.gitOk(['for-each-ref', '--format=%(refname)', 'refs/heads']), before);
    assertNothingRan(box);
  });

  it('commit messages with shell syntax, escapes, emoji and combining characters are kept byte for byte', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/124-msg', 'main']);
    const subject = `feat(api): handle $(rm -rf ~) \`id\`; 'q' "dq" %s %n 🚀 café e\u0301`;
    const body = `Body with ${ESC}[31mcolour${ESC}[0m, a bell \u0007 and -- leading dashes\n-n -e\n--no-verify`;
    writeFileSync(join(box.home, 'msg'), `${subject}\n\n${body}\n`);
    const r = box.git(['commit', '-q', '--allow-empty', '-F', join(box.home, 'msg')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['log', '-1', '--format=%B']), `${subject}\n\n${body}\n\nRefs: #124`);
    assertNothingRan(box);
  });

  it('a refused hostile message: no raw escapes echoed, kept intact for --retry', () => {
    const message = `Update ${ESC}]0;pwned-title\u0007stuff ${ESC}[2J $(touch PWNED5) \`touch PWNED6\``;
    const r = box.git(['commit', '--allow-empty', '-m', message]);
    assert.equal(r.code, 1, r.stderr);
    assertNoEscapes(r.stderr, 'the commit-msg refusal');
    // (kept with the footer flowgate added: a retry does not add it twice)
    assert.equal(readFileSync(join(box.dir, '.git', 'flowgate', 'REFUSED_COMMIT_MSG'), 'utf8'), `${message}\n\nRefs: #124\n`);
    // and when a push lints such a commit, the subject is shown without escapes
    assert.equal(box.git(['commit', '-q', '--allow-empty', '--no-verify', '-m', message]).code, 0);
    const push = box.git(['push', 'origin', 'HEAD']);
    assert.equal(push.code, 1, push.stderr);
    assertNoEscapes(push.stderr, 'the pre-push refusal');
    assert.match(push.stderr, /Update .*stuff/);
    box.gitOk(['reset', '-q', '--hard', 'HEAD~1']);
    assertNothingRan(box);
  });

  it('hostile branch and remote names: pre-commit warns, pre-push refuses, nothing is evaluated', () => {
    const name = 'feature/$(touch${IFS}PWNED7);`touch${IFS}PWNED8`\'"%s';
    assert.equal(box.git(['check-ref-format', '--branch', name]).code, 0, 'git accepts this name');
    box.gitOk(['switch', '-q', '-c', name, 'main']);
    const c = box.git(['commit', '-q', '--allow-empty', '-m', 'fix: on a strange branch']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, /warning: branch name/);
    const remoteName = 'up$(touch${IFS}PWNED9)';
    box.gitOk(['remote', 'add', remoteName, box.remote]);
    const push = box.git(['push', remoteName, 'HEAD']);
    assert.equal(push.code, 1, push.stderr);
    assert.match(push.stderr, /branch name 'feature\/\$\(touch\$\{IFS\}PWNED7\)/);
    const main = box.git(['push', remoteName, 'HEAD:main']);
    assert.equal(main.code, 1);
    assert.match(main.stderr, /protected branch 'main' on up\$\(touch\$\{IFS\}PWNED9\)/);
    box.gitOk(['switch', '-q', 'main']);
    assertNothingRan(box);
  });

  it('a 1 MB message is linted quickly, committed whole, and a 1 MB refused one is kept whole', () => {
    // (a branch without an issue: with a `#` reference in 1 MB, linting takes seconds; see docs/reliability.md)
    box.gitOk(['switch', '-q', '-c', 'feature/big-message', 'main']);
    const line = 'x'.repeat(99) + '\n';
    const body = line.repeat(10_500);
    writeFileSync(join(box.home, 'big'), `docs: a very long body\n\n${body}`);
    const started = Date.now();
    const r = box.git(['commit', '-q', '--allow-empty', '-F', join(box.home, 'big')]);
    assert.equal(r.code, 0, r.stderr.slice(0, 2000));
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.equal(box.gitOk(['log', '-1', '--format=%B']), `docs: a very long body\n\n${body.replace(/\n$/, '')}`);
    writeFileSync(join(box.home, 'bigbad'), `Not conventional\n\n${body}`);
    const bad = box.git(['commit', '--allow-empty', '-F', join(box.home, 'bigbad')]);
    assert.equal(bad.code, 1);
    assert.ok(bad.stderr.length < 10_000, 'the refusal does not echo the whole message');
    assert.equal(readFileSync(join(box.dir, '.git', 'flowgate', 'REFUSED_COMMIT_MSG'), 'utf8'), `Not conventional\n\n${body}`);
    const push = box.git(['push', '-q', 'origin', 'HEAD']);
    assert.equal(push.code, 0, push.stderr.slice(0, 2000));
  });

  it('a push of 3,000 tags and 3,000 new commits: linted in bounded time, the one bad commit named', () => {
    box.gitOk(['switch', '-q', '-c', 'feature/126-many', 'main']);
    const parent = box.gitOk(['rev-parse', 'HEAD']);
    // 3,000 commits in one fast-import stream, a tag on each
    const lines: string[] = [];
    const when = 1_700_000_000;
    for (let i = 1; i <= 3000; i++) {
      const msg = i === 3000 ? 'Oops not conventional\n' : `fix(n${i}): change number ${i}\n`;
      lines.push(`commit refs/heads/feature/126-many`, `mark :${i}`, `committer T <t@example.com> ${when + i} +0000`, `data ${Buffer.byteLength(msg)}`, msg);
      if (i === 1) lines.push(`from ${parent}`);
      lines.push('', `tag v0.0.${i}`, `from :${i}`, `tagger T <t@example.com> ${when + i} +0000`, 'data 4', 'tag', '');
    }
    box.gitOk(['fast-import', '--quiet', '--force'], { input: lines.join('\n') + '\n' });
    box.gitOk(['reset', '-q', '--hard', 'feature/126-many']);
    const started = Date.now();
    const push = box.git(['push', 'origin', 'HEAD', '--tags']);
    const ms = Date.now() - started;
    assert.equal(push.code, 1, push.stderr.slice(0, 2000));
    assert.match(push.stderr, /"Oops not conventional"/);
    assert.equal(push.stderr.match(/✖ commit /g)?.length, 1, 'only the bad commit is named');
    assert.ok(ms < 60_000, `the refused push took ${ms} ms`);
    assert.equal(box.git(['ls-remote', '--tags', box.remote]).stdout, '', 'nothing was pushed');
    // drop the bad one (the last), then the 2,999 others go through
    box.gitOk(['reset', '-q', '--hard', 'HEAD~1']);
    box.gitOk(['tag', '-d', 'v0.0.3000']);
    const ok = box.git(['push', '-q', 'origin', 'HEAD', '--tags']);
    assert.equal(ok.code, 0, ok.stderr.slice(0, 2000));
    assert.equal(box.gitOk(['ls-remote', '--tags', box.remote]).split('\n').filter((l) => !l.endsWith('^{}')).length, 2999);
  });

  it('paths with spaces, quotes, $ and non-ASCII: the hooks in a package sub-folder still guard', () => {
    const mono = installedSandbox({ name: "mono 'repo' $HOME ü", sub: 'packages/wéb app' });
    assertFlowgateHooks(mono);
    mono.gitOk(['switch', '-q', '-c', 'feature/127-paths']);
    assert.ok(existsSync(join(mono.pkg, '.husky', 'pre-push')));
    assert.equal(mono.git(['commit', '--allow-empty', '-m', 'bad'], { cwd: mono.pkg }).code, 1);
    assert.equal(mono.git(['commit', '-q', '--allow-empty', '-m', 'feat: paths']).code, 0);
    assert.match(mono.gitOk(['log', '-1', '--format=%B']), /Refs: #127/);
    assert.equal(mono.git(['push', 'origin', 'HEAD:main']).code, 1);
    assert.equal(mono.git(['push', '-q', 'origin', 'HEAD']).code, 0);
  });
});
