import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installedSandbox, type Installed } from '../helpers/installed.js';
import { assertFlowgateHooks, run } from '../helpers/repo.js';
import { inTerminal, q } from '../helpers/terminal.js';

/**
 * Every mutating command accepts --dry-run, says what it would do (`would …` on stdout) and leaves
 * the repository exactly as it was: work tree, index, refs (here and on origin), local config,
 * the hooks and flowgate's saved messages. The installed tarball and real git throughout.
 */

/** Path → mode and content hash (or link target) of every entry under `root`, minus `skip` at the top. */
function files(root: string, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (prefix === '' && skip.includes(name)) continue;
      const path = join(dir, name);
      const rel = prefix + name;
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
      else if (st.isDirectory()) {
        out[`${rel}/`] = (st.mode & 0o777).toString(8);
        walk(path, `${rel}/`);
      } else out[rel] = `${(st.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(root, '');
  return out;
}

/** What a command could change in this repository and its origin. */
function repoState(box: Installed) {
  const out = (args: string[]) => box.git(args).stdout;
  return {
    status: out(['status', '--porcelain=v1', '--untracked-files=all', '--ignored']),
    head: out(['rev-parse', '--symbolic-full-name', 'HEAD']) + out(['rev-parse', 'HEAD']),
    refs: out(['for-each-ref', '--format=%(refname) %(objectname)']),
    config: out(['config', '--list', '--local']),
    origin: run('git', ['--git-dir', box.remote, 'for-each-ref', '--format=%(refname) %(objectname)'], { env: box.env }).stdout,
    hooks: files(join(box.dir, '.git', 'hooks')),
    saved: files(join(box.dir, '.git', 'flowgate')),
    tree: files(box.dir, ['.git', 'node_modules']),
  };
}

/** Run `args` (which include --dry-run) and check it changed nothing; returns the result. */
function dryRun(box: Installed, args: string[], opts: { env?: NodeJS.ProcessEnv; code?: number } = {}) {
  const before = repoState(box);
  const r = box.bin(args, { env: opts.env });
  assert.equal(r.code, opts.code ?? 0, `flowgate ${args.join(' ')}: ${r.stderr}`);
  assert.deepEqual(repoState(box), before, `flowgate ${args.join(' ')} changed the repository`);
  return r;
}

const quiet = { env: { FLOWGATE_SKIP: '1' } };

describe('--dry-run leaves the repository unchanged', () => {
  it('flow install --dry-run lists every step (config, chained hook, user script), then the real install does them', () => {
    const box = installedSandbox({ install: false });
    const prePush = join(box.dir, '.git', 'hooks', 'pre-push');
    box.write('.git/hooks/pre-push', '#!/bin/sh\nexit 0\n');
    chmodSync(prePush, 0o755);
    box.write('.husky/pre-commit', 'echo mine\n');
    box.gitOk(['config', 'core.hooksPath', '.githooks']);

    const before = repoState(box);
    const r = dryRun(box, ['install', '--force', '--dry-run']);
    assert.match(r.stdout, /^would set git config flowgate\.previousHooksPath = \.githooks$/m);
    assert.match(r.stdout, /^would write \.git\/hooks\/flowgate\/h$/m);
    assert.match(r.stdout, /^would write \.husky\/pre-commit$/m);
    assert.match(r.stdout, /^would move \.git\/hooks\/pre-push to \.git\/hooks\/flowgate\/chained\/pre-push$/m);
    assert.match(r.stdout, /^would write \.git\/hooks\/commit-msg$/m);
    assert.match(r.stdout, /^would unset git config core\.hooksPath$/m);
    assert.ok(r.stdout.split('\n').filter(Boolean).every((line) => line.startsWith('would ')), r.stdout);
    assert.match(r.stderr, /dry run: nothing was changed/);

    const real = box.bin(['install', '--force']);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(real.stdout, '');
    assert.notDeepEqual(repoState(box), before, 'the snapshot sees what install changes');
    assertFlowgateHooks(box);
    assert.equal(box.gitOk(['config', 'flowgate.previousHooksPath']), '.githooks');
    assert.match(readFileSync(join(box.dir, '.husky', 'pre-commit'), 'utf8'), /^flowgate hook pre-commit "\$@"\necho mine\n$/);
    assert.ok(existsSync(join(box.dir, '.git', 'hooks', 'flowgate', 'chained', 'pre-push')));

    const again = dryRun(box, ['install', '--dry-run']);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /would change nothing here/);
  });

  it('flow install --dry-run inside a package install never fails it; by hand it says what blocks', () => {
    const box = installedSandbox({ install: false });
    box.gitOk(['config', 'core.hooksPath', '.githooks']);
    const lifecycle = dryRun(box, ['install', '--dry-run'], { env: { npm_lifecycle_event: 'prepare' } });
    assert.match(lifecycle.stderr, /another hook manager/);
    const byHand = dryRun(box, ['install', '--dry-run'], { code: 2 });
    assert.match(byHand.stderr, /another hook manager.*--force/);
  });

  it('flow uninstall --dry-run lists what it would remove and put back', () => {
    const box = installedSandbox();
    const r = dryRun(box, ['uninstall', '--dry-run']);
    assert.match(r.stdout, /^would remove \.husky\/pre-commit$/m);
    assert.match(r.stdout, /^would remove \.git\/hooks\/pre-push$/m);
    assert.match(r.stdout, /^would remove \.git\/hooks\/flowgate\/$/m);
    assert.match(r.stderr, /dry run: nothing was changed; the steps above are what `flowgate uninstall` would do/);
    const real = box.bin(['uninstall']);
    assert.equal(real.code, 0, real.stderr);
    assert.ok(!existsSync(join(box.dir, '.git', 'hooks', 'pre-push')));
  });

  it('flow commit --retry --dry-run prints the message and the git commit; nothing is committed and the saved message stays', () => {
    const box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/3-login']);
    box.write('login.txt', 'login\n');
    box.gitOk(['add', 'login.txt']);
    assert.equal(box.git(['commit', '-m', 'Added the login page.']).code, 1);
    assert.ok(existsSync(join(box.dir, '.git', 'flowgate', 'REFUSED_COMMIT_MSG')));

    const r = dryRun(box, ['commit', '--retry', '--dry-run']);
    assert.match(r.stdout, /^would commit "Added the login page\." \(git commit -F \.git\/flowgate\/REFUSED_COMMIT_MSG\)$/m);
    assert.match(r.stdout, /^ {4}Added the login page\.$/m);
    assert.doesNotMatch(r.stderr, /Committing the refused message/);
  });

  it('flow commit --dry-run at a terminal: the prompt, then the message it would commit; nothing written', async () => {
    const box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/9-dry']);
    box.write('dry.txt', 'dry\n');
    box.gitOk(['add', 'dry.txt']);
    const before = repoState(box);
    await inTerminal(box.env, async (t) => {
      t.start(box.dir, `${q(join(box.pkg, 'node_modules', '.bin', 'flowgate'))} commit --dry-run`);
      await t.typeCommitSubject('try the dry run');
      t.key('Enter');
      await t.waitFor(/Body/);
      t.key('Enter');
      await t.waitFor(/breaking change\?/);
      t.key('Enter');
      await t.waitFor(/Issues/);
      t.key('Enter');
      assert.equal(await t.exitCode(), 0, t.screen());
      assert.match(t.screen(), /would commit "feat: try the dry run" \(git commit -F \.git\/flowgate\/FLOW_COMMIT_MSG\)/);
      assert.match(t.screen(), /^ {4}Refs: #9$/m);
    });
    assert.deepEqual(repoState(box), before);
  });

  it('flow changelog --write --dry-run prints the section and what it would do to CHANGELOG.md (and --json the plan)', () => {
    const box = installedSandbox();
    box.write('CHANGELOG.md', '# Changelog\n\n## 1.0.0\n\n* first\n');
    box.gitOk(['add', 'CHANGELOG.md']);
    box.gitOk(['commit', '-q', '-m', 'docs: start the changelog'], quiet);
    box.gitOk(['commit', '-q', '--allow-empty', '-m', 'feat: add login'], quiet);

    const r = dryRun(box, ['changelog', '--write', '--dry-run']);
    assert.match(r.stdout, /^would prepend the 1\.1\.0 section to CHANGELOG\.md$/m);
    assert.match(r.stdout, /^##.*1\.1\.0/m);
    assert.match(r.stdout, /add login/);

    const doc = JSON.parse(dryRun(box, ['changelog', '--write', '--dry-run', '--json']).stdout);
    assert.equal(doc.dryRun, true);
    assert.deepEqual(
      doc.steps.map((s: { kind: string; summary: string }) => [s.kind, s.summary]),
      [['write-file', 'prepend the 1.1.0 section to CHANGELOG.md']],
    );
    assert.equal(doc.file, null);
    assert.match(doc.markdown, /add login/);

    const plain = dryRun(box, ['changelog', '--dry-run']);
    assert.doesNotMatch(plain.stdout, /would/);
    assert.match(plain.stdout, /add login/);

    const real = box.bin(['changelog', '--write']);
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stderr, /Prepended the 1\.1\.0 section to CHANGELOG\.md/);
    assert.match(readFileSync(join(box.dir, 'CHANGELOG.md'), 'utf8'), /^# Changelog\n\n##.*1\.1\.0[\s\S]*add login[\s\S]*\n## 1\.0\.0\n/);
  });

  it('feature start, pr, release start, init, protect, sync and rollback with --dry-run', () => {
    const box = installedSandbox();
    // a GitHub origin for the forge commands; pushes would go to the local bare repository
    box.gitOk(['remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git']);
    box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
    box.gitOk(['switch', '-q', '-c', 'feature/7-thing', 'develop']);
    box.write('thing.txt', 'thing\n');
    box.gitOk(['add', 'thing.txt']);
    box.gitOk(['commit', '-q', '-m', 'feat: add the thing'], quiet);
    const main = box.gitOk(['rev-parse', 'main']);

    const cases: [string[], RegExp][] = [
      [['feature', 'start', '12', 'more', 'work', '--dry-run'], /^would create branch feature\/12-more-work from /m],
      [['pr', '--dry-run'], /^would push feature\/7-thing to origin/m],
      [['release', 'start', '--dry-run'], /^would create branch release\/\S+ from /m],
      [['init', '--yes', '--dry-run'], /^would install the git hooks$/m],
      [['sync', '--dry-run'], /^would fetch /m],
      [['rollback', main, '--dry-run'], /^would revert /m],
    ];
    for (const [args, said] of cases) assert.match(dryRun(box, args).stdout, said, args.join(' '));

    // protect prints the requests themselves, and says on stderr that it would send them
    const protect = dryRun(box, ['protect', '--dry-run']);
    assert.match(protect.stdout, /^(POST|PUT) https:\/\/api\.github\.com\/repos\/acme\/widgets\//m);
    assert.match(protect.stderr, /would send/);
  });
});
