/**
 * Everywhere — the layout. A repository renamed, moved or copied, a linked worktree, a removed
 * node_modules: the hooks enforce, or refuse with advice that works. Never silently off.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installedSandbox } from '../helpers/installed.js';
import { assertFlowgateHooks, type Sandbox } from '../helpers/repo.js';

function assertGuarded(box: Sandbox, cwd: string, branch: string): void {
  box.gitOk(['switch', '-q', '-c', branch], { cwd });
  const bad = box.git(['commit', '--allow-empty', '-m', 'not conventional'], { cwd });
  assert.equal(bad.code, 1, `a bad message went through in ${cwd}: ${bad.stderr}`);
  assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'feat: guarded'], { cwd }).code, 0);
  const push = box.git(['push', 'origin', 'HEAD:main'], { cwd });
  assert.equal(push.code, 1, `a push to main went through from ${cwd}`);
  assert.match(push.stderr, /protected/);
}

describe('everywhere: the layout survives the folder', { concurrency: 2 }, () => {
  it('a renamed and moved repository keeps enforcing with no new install', () => {
    const box = installedSandbox({ name: 'app one' });
    const moved = join(box.home, 'elsewhere', 'app two ü');
    renameSync(box.dir, join(box.home, 'app-renamed'));
    const renamed = join(box.home, 'app-renamed');
    assertGuarded(box, renamed, 'feature/1-renamed');
    rmSync(join(box.home, 'elsewhere'), { recursive: true, force: true });
    cpSync(renamed, moved, { recursive: true, verbatimSymlinks: true });
    rmSync(renamed, { recursive: true, force: true });
    assertGuarded(box, moved, 'feature/2-moved');
    assertFlowgateHooks(box, moved);
  });

  it('a copy enforces on its own, also after the original is deleted', () => {
    const box = installedSandbox();
    const copy = join(box.home, 'copy');
    cpSync(box.dir, copy, { recursive: true, verbatimSymlinks: true });
    rmSync(box.dir, { recursive: true, force: true });
    assertGuarded(box, copy, 'feature/3-copy');
  });

  it('linked worktrees (also one added after a move) share the hooks with no install there', () => {
    const box = installedSandbox({ sub: 'packages/web' });
    const wt = join(box.home, 'wt');
    box.gitOk(['worktree', 'add', '-q', '--detach', wt, 'main']);
    assert.ok(!existsSync(join(wt, 'packages', 'web', 'node_modules')));
    assertGuarded(box, wt, 'feature/4-worktree');
    // installed again from a linked worktree: still nothing tied to that worktree
    assert.equal(box.bin(['install'], { cwd: join(wt, 'packages', 'web') }).code, 0);
    rmSync(wt, { recursive: true, force: true });
    box.gitOk(['worktree', 'prune']);
    assertGuarded(box, box.dir, 'feature/5-main-after-worktree');
  });

  it('with node_modules gone, a commit and a push are refused with the install command to run', () => {
    const box = installedSandbox();
    rmSync(join(box.dir, 'node_modules'), { force: true });
    box.gitOk(['switch', '-q', '-c', 'feature/6-gone']);
    const commit = box.git(['commit', '--allow-empty', '-m', 'feat: fine message']);
    assert.equal(commit.code, 1, commit.stderr);
    assert.match(commit.stderr, /flowgate is not installed in .*node_modules/);
    assert.match(commit.stderr, /run `npm install` in /);
    assert.doesNotMatch(commit.stderr, /npx flow /);
    const push = box.git(['push', 'origin', 'HEAD:main']);
    assert.equal(push.code, 1);
    assert.equal(box.git(['ls-remote', box.remote, 'refs/heads/feature/6-gone']).stdout, '');
  });

  it('beside husky: its core.hooksPath is taken over, its scripts keep running, also in worktrees; uninstall gives it back', () => {
    const box = installedSandbox({ install: false });
    box.write('.husky/_/h', '#!/usr/bin/env sh\n# husky 9\n');
    box.write('.husky/pre-commit', 'echo husky-script-ran > "$(git rev-parse --show-toplevel)/husky-ran.txt"\n');
    box.gitOk(['config', 'core.hooksPath', '.husky/_']);
    const r = box.bin(['install']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /husky's core\.hooksPath \(\.husky\/_\) is replaced/);
    assertFlowgateHooks(box);
    box.gitOk(['add', '-A']);
    box.gitOk(['commit', '-q', '-m', 'chore: husky and flowgate'], { env: { FLOWGATE_SKIP: '1' } });
    const wt = join(box.home, 'husky-wt');
    box.gitOk(['worktree', 'add', '-q', '--detach', wt, 'main']);
    assertGuarded(box, wt, 'feature/8-husky-wt');
    assert.ok(existsSync(join(wt, 'husky-ran.txt')), 'the husky script ran in the worktree');
    assert.equal(box.bin(['uninstall']).code, 0);
    assert.equal(box.gitOk(['config', 'core.hooksPath']), '.husky/_');
    assert.ok(existsSync(join(box.dir, '.husky', '_', 'h')), "husky's folder stays");
  });

  it('HUSKY=0 and FLOWGATE_SKIP=1 skip, HUSKY=2 traces, ~/.config/husky/init.sh is sourced', () => {
    const box = installedSandbox();
    box.gitOk(['switch', '-q', '-c', 'feature/7-switches']);
    for (const env of [{ HUSKY: '0' }, { FLOWGATE_SKIP: '1' }]) {
      assert.equal(box.git(['commit', '-q', '--allow-empty', '-m', 'skipped check'], { env }).code, 0);
    }
    const traced = box.git(['commit', '-q', '--allow-empty', '-m', 'feat: traced'], { env: { HUSKY: '2' } });
    assert.equal(traced.code, 0);
    assert.match(traced.stderr, /^\+ /m);
    box.write('../home/.config/husky/init.sh', 'echo init-ran >&2\n');
    const init = box.git(['commit', '-q', '--allow-empty', '-m', 'feat: with init']);
    assert.match(init.stderr, /init-ran/);
    assert.ok(readFileSync(join(box.home, '.config', 'husky', 'init.sh'), 'utf8'));
  });
});
