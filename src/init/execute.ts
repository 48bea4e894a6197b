import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT_OK, errorMessage } from '../errors.js';
import { gitRaw } from '../git/exec.js';
import type { InitPlan } from './plan.js';
import type { InitState } from './state.js';

/** What `flow init` did: the `--json` document, and the source of the printed list. */
export interface InitReport {
  ok: boolean;
  repoRoot: string;
  packageDir: string;
  branches: { main: string; develop: string | null };
  packageManager: string;
  /** files created or overwritten, relative to the repository root */
  written: string[];
  /** the subset of `written` that existed before (--force) */
  overwritten: string[];
  /** files left as they were */
  untouched: { path: string; reason: string }[];
  commitTemplate: { status: 'set' | 'unchanged'; value: string; reason?: string };
  prepare: { status: 'added' | 'unchanged' | 'skipped'; script?: string; key?: 'prepare' | 'postinstall'; reason?: string };
  develop?: { status: 'created' | 'exists' | 'skipped' | 'failed'; from?: string; reason?: string; /** the command that shares it */ push?: string };
  hooks: { installed: boolean; code: number; message: string };
  notes: string[];
}

export type InstallFn = (opts: { cwd: string }) => Promise<{ code: number; message: string; hooksDir?: string }>;

export async function executeInit(state: InitState, plan: InitPlan, install: InstallFn): Promise<InitReport> {
  const notes = [...plan.notes];
  const written: string[] = [];
  const overwritten: string[] = [];
  const untouched: InitReport['untouched'] = [];

  for (const f of plan.files) {
    if (f.action === 'keep') {
      untouched.push({ path: f.display, reason: f.reason ?? 'exists' });
      continue;
    }
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content);
    written.push(f.display);
    if (f.action === 'overwrite') overwritten.push(f.display);
  }

  let commitTemplate: InitReport['commitTemplate'];
  if (plan.commitTemplate.action === 'set') {
    const r = gitRaw(['config', '--local', plan.commitTemplate.key, plan.commitTemplate.value], { cwd: state.repoRoot });
    commitTemplate = r.code === 0 ? { status: 'set', value: plan.commitTemplate.value } : { status: 'unchanged', value: plan.commitTemplate.value, reason: r.stderr.trim() };
  } else {
    commitTemplate = { status: 'unchanged', value: plan.commitTemplate.value, reason: plan.commitTemplate.reason };
  }

  const pj = plan.packageJson;
  let prepare: InitReport['prepare'];
  if (pj.action === 'update' && pj.path && pj.content !== undefined) {
    writeFileSync(pj.path, pj.content);
    written.push(pj.display);
    prepare = { status: 'added', script: pj.prepare, key: pj.script };
  } else if (pj.action === 'keep') {
    untouched.push({ path: pj.display, reason: pj.reason ?? 'unchanged' });
    prepare = { status: 'unchanged', reason: pj.reason };
  } else {
    prepare = { status: 'skipped', reason: pj.reason };
  }
  if (pj.missingDependency) {
    const add = { npm: 'npm install -D flowgate', pnpm: 'pnpm add -D flowgate', yarn: 'yarn add -D flowgate', bun: 'bun add -d flowgate' }[state.packageManager.name];
    notes.push(`flowgate is not in this package.json's devDependencies: run \`${add}\` so a teammate's \`${state.packageManager.installHint}\` sets the hooks up.`);
  }

  let develop: InitReport['develop'];
  const b = plan.branch;
  if (b) {
    if (b.action === 'create' && b.from) {
      const args = b.track ? ['branch', '--track', b.name, b.from] : ['branch', '--no-track', b.name, b.from];
      const r = gitRaw(args, { cwd: state.repoRoot });
      develop = r.code === 0 ? { status: 'created', from: b.from, push: b.track || !state.hasOrigin ? undefined : `git push -u origin ${b.name}` } : { status: 'failed', from: b.from, reason: r.stderr.trim().split('\n').pop() };
    } else if (b.action === 'keep') {
      develop = { status: 'exists' };
    } else {
      develop = { status: 'skipped', reason: b.reason };
    }
  }

  let hooks: InitReport['hooks'];
  try {
    const r = await install({ cwd: state.packageDir });
    hooks = { installed: r.code === EXIT_OK && Boolean(r.hooksDir), code: r.code, message: r.message };
  } catch (error) {
    hooks = { installed: false, code: 2, message: `flowgate: hooks not installed: ${errorMessage(error)}` };
  }

  return {
    ok: hooks.code === EXIT_OK && develop?.status !== 'failed',
    repoRoot: state.repoRoot,
    packageDir: state.packageDir,
    branches: { main: plan.answers.main, develop: plan.answers.develop },
    packageManager: state.packageManager.name,
    written,
    overwritten,
    untouched,
    commitTemplate,
    prepare,
    develop,
    hooks,
    notes,
  };
}
