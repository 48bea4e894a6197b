/**
 * Hardening — terminals. The installed hooks and the flow command with no controlling terminal
 * (setsid: /dev/tty gives ENXIO), stdin closed, CI set, EOF and Ctrl-C at a prompt, and prompts
 * that must not appear (rebases, -m/-F, amend, merges). Real terminals come from a private tmux
 * server; answers are keystrokes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { installedSandbox, type Installed } from '../helpers/installed.js';
import { inTerminal as inTerminalWith, q, type Terminal } from '../helpers/terminal.js';

async function inTerminal(box: Installed, body: (t: Terminal) => Promise<void>, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  return inTerminalWith({ ...box.env, ...extraEnv }, body);
}

/** An editor script that puts `subject` above what the hooks prepared and logs that it ran. */
function editor(box: Installed, name: string, subject: string): string {
  const file = join(box.home, `${name}.sh`);
  writeFileSync(file, `#!/bin/sh\necho ran >> '${file}.log'\n{ printf '%s\\n' '${subject}'; cat "$1"; } > "$1.tmp" && mv "$1.tmp" "$1"\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Run a command with no controlling terminal (setsid) and the given stdin. */
function detached(box: Installed, cmd: string[], opts: { stdin?: 'ignore' | 'closed'; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const started = Date.now();
  // `exec <&-` closes stdin for real (not /dev/null) before the command starts
  const shell = opts.stdin === 'closed' ? ['sh', '-c', 'exec "$@" <&-', 'sh', ...cmd] : cmd;
  const r = spawnSync('setsid', ['-w', ...shell], {
    cwd: box.dir,
    env: { ...box.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: opts.timeout ?? 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started, timedOut: r.error !== undefined };
}

const head = (box: Installed) => box.gitOk(['rev-parse', 'HEAD']);
const lastMessage = (box: Installed) => box.gitOk(['log', '-1', '--format=%B']);

describe('terminals', { concurrency: 1 }, () => {
  const box = installedSandbox();
  box.gitOk(['switch', '-q', '-c', 'feature/50-tty']);

  it('no controlling terminal and stdin closed: git commit never prompts and returns promptly', () => {
    const ed = editor(box, 'closed', 'fix: no terminal, stdin closed');
    const r = detached(box, ['git', 'commit', '--allow-empty'], { stdin: 'closed', env: { GIT_EDITOR: ed } });
    assert.equal(r.timedOut, false, 'git commit hung');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /Type of change/);
    assert.equal(lastMessage(box), 'fix: no terminal, stdin closed\n\nRefs: #50');
  });

  it('CI set: even at a terminal no prompt appears, the editor opens', async () => {
    const ed = editor(box, 'ci', 'chore: in ci');
    await inTerminal(
      box,
      async (t) => {
        t.start(box.dir, `GIT_EDITOR=${q(ed)} git commit --allow-empty`);
        assert.equal(await t.exitCode(), 0, t.screen());
        assert.doesNotMatch(t.screen(), /Type of change/);
      },
      { CI: 'true' },
    );
    assert.equal(lastMessage(box), 'chore: in ci\n\nRefs: #50');
  });

  it('no prompt for -m, -F, --amend, -c or a merge at a terminal', async () => {
    writeFileSync(join(box.home, 'msg.txt'), 'docs: from a file\n');
    const ed = editor(box, 'noprompt', '');
    box.gitOk(['branch', '-f', 'feature/51-side', 'HEAD']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: side'], { env: { FLOWGATE_SKIP: '1' } });
    box.gitOk(['switch', '-q', 'feature/51-side']);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: other side'], { env: { FLOWGATE_SKIP: '1' } });
    box.gitOk(['switch', '-q', 'feature/50-tty']);
    await inTerminal(box, async (t) => {
      t.start(
        box.dir,
        [
          `export GIT_EDITOR=${q(ed)}`,
          `git commit -q --allow-empty -m 'fix: with -m' || exit 11`,
          `git commit -q --allow-empty -F ${q(join(box.home, 'msg.txt'))} || exit 12`,
          'git commit -q --allow-empty --amend || exit 13',
          'git commit -q --allow-empty -c HEAD || exit 14',
          'git merge -q --no-ff feature/51-side || exit 15',
        ].join('\n'),
      );
      assert.equal(await t.exitCode(), 0, t.screen());
      assert.doesNotMatch(t.screen(), /Type of change|flowgate: commit message/);
      t.assertRestored();
    });
    assert.match(lastMessage(box), /^Merge branch 'feature\/51-side' into feature\/50-tty/);
    assert.equal(box.gitOk(['log', '-1', '--format=%B', 'HEAD^1']), 'docs: from a file\n\nRefs: #50');
  });

  it('no prompt during an interactive rebase (reword, edit, squash) at a terminal', async () => {
    for (const word of ['one', 'two']) {
      box.write(`${word}.txt`, `${word}\n`);
      box.gitOk(['add', `${word}.txt`]);
      box.gitOk(['commit', '-q', '-m', `feat: ${word}`], { env: { FLOWGATE_SKIP: '1' } });
    }
    const seq = join(box.home, 'seq.sh');
    writeFileSync(seq, '#!/bin/sh\nsed -i -e "1s/^pick/reword/" -e "2s/^pick/squash/" "$1"\n');
    chmodSync(seq, 0o755);
    const ed = join(box.home, 'rebase-editor.sh');
    // reword: a new subject; squash: keep the combined message as git prepared it
    writeFileSync(ed, `#!/bin/sh\ncase "$(head -1 "$1")" in\n  "# This is a combination"*) ;;\n  *) printf 'feat: one, reworded\\n' > "$1" ;;\nesac\n`);
    chmodSync(ed, 0o755);
    await inTerminal(box, async (t) => {
      t.start(box.dir, `GIT_SEQUENCE_EDITOR=${q(seq)} GIT_EDITOR=${q(ed)} git rebase -i --no-autosquash HEAD~2`);
      const code = await t.exitCode();
      if (code !== 0) box.git(['rebase', '--abort']);
      assert.equal(code, 0, t.screen());
      assert.doesNotMatch(t.screen(), /Type of change/);
    });
    assert.equal(lastMessage(box), 'feat: one, reworded\n\nfeat: two');
  });

  it('the terminal hangs up at the commit prompt (EOF on /dev/tty): git ends, nothing committed, no lock left', async () => {
    const before = head(box);
    box.write('eof.txt', 'staged\n');
    box.gitOk(['add', 'eof.txt']);
    await inTerminal(box, async (t) => {
      t.start(box.dir, 'git commit');
      await t.waitFor(/Type of change/);
      t.key('Enter');
      await t.waitFor(/Scope/);
      t.type('half');
      t.kill(); // the window closes: SIGHUP, and /dev/tty reads EOF
    });
    const deadline = Date.now() + 15_000;
    while (existsSync(join(box.dir, '.git', 'index.lock')) && Date.now() < deadline) await sleep(100);
    assert.ok(!existsSync(join(box.dir, '.git', 'index.lock')), 'git left its index lock behind');
    assert.equal(head(box), before, 'nothing was committed');
    assert.match(box.gitOk(['diff', '--cached', '--name-only']), /eof\.txt/, 'the change is still staged');
    const r = box.git(['commit', '-q', '-m', 'feat: after the hang-up']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastMessage(box), 'feat: after the hang-up\n\nRefs: #50');
  });

  it('Ctrl-C in `flow commit`: exit 130, nothing committed or half-written, terminal restored', async () => {
    const before = head(box);
    box.write('ctrlc.txt', 'staged\n');
    box.gitOk(['add', 'ctrlc.txt']);
    const bin = join(box.pkg, 'node_modules', '.bin', 'flowgate');
    await inTerminal(box, async (t) => {
      t.start(box.dir, `${q(bin)} commit`);
      await t.typeCommitSubject('half a subj');
      t.key('C-c');
      assert.equal(await t.exitCode(), 130, t.screen());
      t.assertRestored();
    });
    assert.equal(head(box), before);
    assert.match(box.gitOk(['diff', '--cached', '--name-only']), /ctrlc\.txt/);
    for (const f of ['FLOW_COMMIT_MSG', 'REFUSED_COMMIT_MSG']) {
      const file = join(box.dir, '.git', 'flowgate', f);
      assert.ok(!existsSync(file) || !readFileSync(file, 'utf8').includes('half a subj'), `${f} holds the half-typed answer`);
    }
    box.gitOk(['commit', '-q', '-m', 'feat: staged files'], { env: { FLOWGATE_SKIP: '1' } });
  });

  it('Ctrl-C at `flow feature start`’s question: exit 130, no branch, terminal restored', async () => {
    const bin = join(box.pkg, 'node_modules', '.bin', 'flowgate');
    await inTerminal(box, async (t) => {
      t.start(box.dir, `${q(bin)} feature start 77 --no-fetch`);
      await t.waitFor(/description/i);
      t.type('half a desc');
      t.key('C-c');
      assert.equal(await t.exitCode(), 130, t.screen());
      t.assertRestored();
    });
    assert.equal(box.git(['for-each-ref', '--format=%(refname)', 'refs/heads/feature/77*']).stdout, '');
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/50-tty');
  });

  it('no terminal: flow commands take their defaults or fail at once, never wait', () => {
    let r = detached(box, [join(box.pkg, 'node_modules', '.bin', 'flowgate'), 'feature', 'start', '78', '--no-fetch'], { stdin: 'closed' });
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(box.gitOk(['symbolic-ref', '--short', 'HEAD']), 'feature/78');
    box.write('c.txt', 'c\n');
    box.gitOk(['add', 'c.txt']);
    r = detached(box, [join(box.pkg, 'node_modules', '.bin', 'flowgate'), 'commit'], { stdin: 'closed' });
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no(ne| terminal)/i);
    assert.ok(r.ms < 15_000, `flow commit took ${r.ms} ms`);
  });
});
