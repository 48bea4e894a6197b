import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planInstall, planUninstall } from '../../src/install/install.js';
import { writeScript } from '../../src/install/steps.js';
import { execute } from '../../src/plan/executor.js';

// planInstall reads git config: keep the developer's own (a global core.hooksPath…) out of it.
const home = realpathSync(mkdtempSync(join(tmpdir(), 'flowgate-install-plan-home-')));
writeFileSync(join(home, '.gitconfig'), '[init]\n\tdefaultBranch = main\n');
Object.assign(process.env, { HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1' });
for (const k of ['FLOWGATE_SKIP', 'HUSKY', 'FLOWGATE_PACKAGE_DIR', 'GIT_DIR', 'GIT_WORK_TREE']) delete process.env[k];

function project(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flowgate-install-plan-')));
  execFileSync('git', ['init', '--quiet', dir]);
  writeFileSync(join(dir, 'package.json'), '{"name":"app","private":true}\n');
  return dir;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** Files (with mode) under .git/hooks and .husky, and the local config. */
function state(dir: string): Record<string, string> {
  const out: Record<string, string> = { config: git(dir, 'config', '--list', '--local') };
  const walk = (d: string, rel: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out[`${rel}${name}`] = `${(lstatSync(p).mode & 0o777).toString(8)} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(join(dir, '.git', 'hooks'), '.git/hooks/');
  walk(join(dir, '.husky'), '.husky/');
  return out;
}

const summaries = (plan: { steps: { summary: string }[] }) => plan.steps.map((s) => s.summary);

describe('planInstall / planUninstall', () => {
  it('plans without changing anything; run, the next plan is empty (idempotent)', async () => {
    const dir = project();
    const before = state(dir);
    const plan = planInstall({ cwd: dir });
    assert.deepEqual(state(dir), before, 'planning changed the repository');
    assert.equal(plan.code, 0);
    assert.ok(summaries(plan).includes('write .git/hooks/flowgate/h'), summaries(plan).join('\n'));
    assert.ok(summaries(plan).includes('write .husky/commit-msg'));
    assert.ok(summaries(plan).includes('write .git/hooks/pre-push'));
    // a stub only where something runs: none for post-merge
    assert.ok(!summaries(plan).includes('write .git/hooks/post-merge'));
    await execute(plan.steps, { cwd: plan.cwd });
    assert.deepEqual(summaries(planInstall({ cwd: dir })), []);
  });

  it('undoing every step, newest first, puts the repository back as it was', async () => {
    const dir = project();
    writeFileSync(join(dir, '.git', 'hooks', 'pre-push'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, '.git', 'hooks', 'pre-push'), 0o755);
    writeFileSync(join(dir, '.git', 'hooks', 'post-merge.old'), '#!/bin/sh\n# flowgate hook stub: old\n');
    mkdirSync(join(dir, '.husky'));
    writeFileSync(join(dir, '.husky', 'pre-commit'), 'npm test\n');
    git(dir, 'config', 'core.hooksPath', '.githooks');
    git(dir, 'config', '--add', 'core.hooksPath', '.githooks');
    const before = state(dir);

    const plan = planInstall({ cwd: dir, force: true });
    assert.deepEqual(summaries(plan).filter((s) => !s.startsWith('write ')).sort(), [
      'move .git/hooks/pre-push to .git/hooks/flowgate/chained/pre-push',
      'remove .git/hooks/post-merge.old',
      'set git config flowgate.previousHooksPath = .githooks',
      'unset git config core.hooksPath',
    ]);
    for (const step of plan.steps) await step.run({ cwd: plan.cwd });
    assert.notDeepEqual(state(dir), before);
    for (const step of [...plan.steps].reverse()) await step.undo?.({ cwd: plan.cwd });
    // folders the writes made stay (empty); everything with content is back
    assert.deepEqual(state(dir), before);
  });

  it('another hook manager’s core.hooksPath without --force: no steps, the refusal, exit 2 (0 in a package install)', () => {
    const dir = project();
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const byHand = planInstall({ cwd: dir });
    assert.deepEqual(byHand.steps, []);
    assert.equal(byHand.code, 2);
    assert.match(byHand.message, /another hook manager/);
    assert.equal(planInstall({ cwd: dir, lifecycle: true }).code, 0);
  });

  it('uninstall plans the way back: stubs and lines out, the chained hook and core.hooksPath restored', async () => {
    const dir = project();
    writeFileSync(join(dir, '.git', 'hooks', 'pre-push'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, '.git', 'hooks', 'pre-push'), 0o755);
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const installed = planInstall({ cwd: dir, force: true });
    await execute(installed.steps, { cwd: installed.cwd });

    const plan = planUninstall({ cwd: dir });
    assert.deepEqual(summaries(plan), [
      'remove .husky/pre-commit',
      'remove .husky/prepare-commit-msg',
      'remove .husky/commit-msg',
      'remove .husky/pre-push',
      'remove .git/hooks/pre-commit',
      'remove .git/hooks/prepare-commit-msg',
      'remove .git/hooks/commit-msg',
      'remove .git/hooks/pre-push',
      'move .git/hooks/flowgate/chained/pre-push to .git/hooks/pre-push',
      'remove .git/hooks/flowgate/',
      'set git config core.hooksPath = .githooks',
      'remove git config section flowgate',
      'remove .husky/',
    ]);
    await execute(plan.steps, { cwd: plan.cwd });
    assert.equal(git(dir, 'config', '--get-all', 'core.hooksPath'), '.githooks');
    assert.equal(readFileSync(join(dir, '.git', 'hooks', 'pre-push'), 'utf8'), '#!/bin/sh\nexit 0\n');
    assert.ok(!existsSync(join(dir, '.husky')));
    assert.deepEqual(summaries(planUninstall({ cwd: dir })), []);
  });
});

describe('writeScript', () => {
  it('plans nothing for a file that is already right, a chmod for one whose mode is wrong', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flowgate-script-')));
    const file = join(dir, 'hook');
    const write = writeScript(file, 'x\n', 0o755, 'hook')!;
    assert.equal(write.summary, 'write hook');
    await write.run({ cwd: dir });
    assert.equal(writeScript(file, 'x\n', 0o755, 'hook'), undefined);
    chmodSync(file, 0o644);
    assert.equal(writeScript(file, 'x\n', 0o755, 'hook')?.summary, 'make hook mode 755');
  });
});

describe('planInstall with a core.hooksPath set for one worktree', () => {
  it('refuses, plans nothing and names the command that clears it: the hooks would never run', () => {
    const dir = project();
    git(dir, 'config', 'extensions.worktreeConfig', 'true');
    git(dir, 'config', '--worktree', 'core.hooksPath', '/elsewhere/hooks');
    const byHand = planInstall({ cwd: dir });
    assert.equal(byHand.code, 2);
    assert.deepEqual(byHand.steps, []);
    assert.match(byHand.message, /core\.hooksPath is set for this worktree only \(\/elsewhere\/hooks\).*git config --worktree --unset core\.hooksPath/);
    // inside a package install it still never fails the install
    assert.equal(planInstall({ cwd: dir, lifecycle: true }).code, 0);
    git(dir, 'config', '--worktree', '--unset', 'core.hooksPath');
    assert.ok(planInstall({ cwd: dir }).steps.length > 0, 'without it, install plans its steps');
  });
});
