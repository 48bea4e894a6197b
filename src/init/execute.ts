import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { protectedMatcher } from '../core/protected.js';
import { shellQuote } from '../core/shell-quote.js';
import { EXIT_OK } from '../errors.js';
import { gitMaybe, gitRaw } from '../git/exec.js';
import { runPlan } from '../plan/run-plan.js';
import type { Plan, Step } from '../plan/step.js';
import { branch, createBranch, firstPush, localAction, push as pushStep, setConfig, writeFile } from '../plan/steps.js';
import { sanitize } from '../ui/output.js';
import { COMMIT_TEMPLATE, SETUP_BRANCH, SETUP_MESSAGE, displayPath, type InitPlan } from './plan.js';
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
  develop?: {
    status: 'created' | 'exists' | 'skipped' | 'failed';
    from?: string;
    reason?: string;
    /** the command that shares it, when init did not (or could not) push it */
    push?: string;
    /** init pushed it to origin */
    pushed?: boolean;
    /** origin was empty: main went with it, the repository's first push */
    firstPush?: boolean;
    /** why the push failed */
    pushError?: string;
  };
  /** where the set-up commit is made, and the commands that make it and open its pull request */
  setup?: {
    status: 'switched' | 'stayed' | 'failed';
    branch: string;
    /** why init did not switch */
    reason?: string;
    /** the changed set-up files, relative to the repository root */
    files: string[];
    /** the commands to run next, from the folder init ran in */
    commands: string[];
  };
  hooks: { installed: boolean; code: number; message: string };
  notes: string[];
}

export type InstallFn = (opts: { cwd: string }) => Promise<{ code: number; message: string; hooksDir?: string }>;
type Installed = Awaited<ReturnType<InstallFn>>;

/** One line of the plan as --dry-run shows it (`would <action> <target> (<reason>)`) and --json lists it. */
interface Line {
  action: string;
  target: string;
  reason?: string;
}

function described<T>(step: Step<T>, line: Line): Step<T> {
  const { action, target, reason } = line;
  return { ...step, summary: `${action} ${sanitize(target)}${reason ? ` (${sanitize(reason)})` : ''}`, detail: { action, target, ...(reason ? { reason } : {}) } };
}

/** What stays as it is: a step that does nothing, so the plan lists it. */
function leave(target: string, reason?: string): Step<void> {
  return described(localAction('leave', '', {}, async () => {}), { action: 'leave', target, reason });
}

/** A failure of these is in the report (and printed with it), not a warning of its own. */
const quiet = { warning: () => '' };

/** init's plan as steps: the files, commit.template, package.json, develop, the hooks, and develop's push. */
export function initSteps(state: InitState, plan: InitPlan, install: InstallFn): { steps: Plan; push?: Step<void>; developFrom?: string; firstPush?: boolean } {
  const steps: Plan = [];
  for (const f of plan.files) {
    steps.push(f.action === 'keep' ? leave(f.display, f.reason ?? 'exists') : described(writeFile(f.path, f.content), { action: f.action === 'overwrite' ? 'overwrite' : 'write', target: f.display }));
  }
  const c = plan.commitTemplate;
  steps.push(c.action === 'set' ? described({ ...setConfig(c.key, c.value), soft: true }, { action: 'set', target: `git config ${c.key} ${c.value}` }) : leave(`git config ${c.key}`, c.reason));
  const pj = plan.packageJson;
  steps.push(
    pj.action === 'update' && pj.path && pj.content !== undefined
      ? described(writeFile(pj.path, pj.content), { action: 'add', target: `"${pj.prepare ?? ''}" to ${pj.display}` })
      : leave(pj.display, pj.reason),
  );
  const b = plan.branch;
  let push: Step<void> | undefined;
  let developFrom: string | undefined;
  let first = false;
  if (b?.action === 'create' && b.from) {
    developFrom = startOf(state, b.from, b.track);
    steps.push(described({ ...branch(b.name, developFrom, { track: b.track }), soft: true }, { action: 'create', target: `branch ${b.name} from ${developFrom}` }));
    const main = plan.answers.main;
    // An empty origin leaves the plan only one start for develop: the local main.
    if (!b.track && developFrom === main && state.originEmpty()) {
      first = true;
      push = described({ ...firstPush('origin', [main, b.name]), soft: true }, { action: 'push', target: `branches ${main} and ${b.name} to the empty origin`, reason: 'its first push, without the pre-push hooks' });
    } else if (!b.track && state.hasOrigin) {
      push = described({ ...pushStep('origin', b.name, { setUpstream: true }), soft: true }, { action: 'push', target: `branch ${b.name} to origin` });
    }
  } else if (b) steps.push(leave(`branch ${b.name}`, b.reason));
  steps.push(described({ ...localAction('install-hooks', '', {}, () => install({ cwd: state.packageDir })), soft: true }, { action: 'install', target: 'the git hooks' }));
  return { steps, push, developFrom, firstPush: first };
}

/**
 * Where develop starts. A local main ahead of origin's: at origin's, so develop carries nothing
 * origin lacks and pushing it needs no review (pre-push allows it); the local commits go through
 * the set-up pull request.
 */
function startOf(state: InitState, from: string, track?: boolean): string {
  const ahead = !track && state.originBranches.includes(from) && gitMaybe(['rev-list', '-n', '1', from, `^refs/remotes/origin/${from}`, '--'], { cwd: state.repoRoot });
  return ahead ? `origin/${from}` : from;
}

export async function executeInit(state: InitState, plan: InitPlan, install: InstallFn): Promise<InitReport> {
  const notes = [...plan.notes];
  const written: string[] = [];
  const overwritten: string[] = [];
  const untouched: InitReport['untouched'] = [];
  const { steps, push, developFrom: from, firstPush: first } = initSteps(state, plan, install);
  const execution = await runPlan(steps, { cwd: state.repoRoot, ...quiet });
  const outcome = (kind: Step['kind']) => {
    const i = steps.findIndex((s) => s.kind === kind);
    return i < 0 ? undefined : { record: execution.steps[i]!, result: execution.results[i] };
  };

  for (const f of plan.files) {
    if (f.action === 'keep') {
      untouched.push({ path: f.display, reason: f.reason ?? 'exists' });
      continue;
    }
    written.push(f.display);
    if (f.action === 'overwrite') overwritten.push(f.display);
  }

  let commitTemplate: InitReport['commitTemplate'];
  const set = outcome('set-config')?.record;
  if (set) {
    commitTemplate = set.status === 'done' ? { status: 'set', value: plan.commitTemplate.value } : { status: 'unchanged', value: plan.commitTemplate.value, reason: set.error };
  } else {
    commitTemplate = { status: 'unchanged', value: plan.commitTemplate.value, reason: plan.commitTemplate.reason };
  }

  if (commitTemplate.value === COMMIT_TEMPLATE && (commitTemplate.status === 'set' || commitTemplate.reason === 'already set')) keepTemplateOnEveryBranch(state.repoRoot);

  const pj = plan.packageJson;
  let prepare: InitReport['prepare'];
  if (pj.action === 'update' && pj.path && pj.content !== undefined) {
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
  const created = outcome('create-branch');
  if (b && created) {
    const command = first ? `git push --no-verify -u origin ${shellQuote(plan.answers.main)} ${shellQuote(b.name)}` : `git push -u origin ${shellQuote(b.name)}`;
    develop = created.record.status === 'done' ? { status: 'created', from, push: push ? command : undefined, ...(first ? { firstPush: true } : {}) } : { status: 'failed', from, reason: created.record.error };
  } else if (b?.action === 'keep') {
    develop = { status: 'exists' };
  } else if (b) {
    develop = { status: 'skipped', reason: b.reason };
  }

  const installed = outcome('install-hooks')!;
  const r = installed.result as Installed | undefined;
  const hooks: InitReport['hooks'] =
    installed.record.status === 'done' && r
      ? { installed: r.code === EXIT_OK && Boolean(r.hooksDir), code: r.code, message: r.message }
      : { installed: false, code: 2, message: `flowgate: hooks not installed: ${installed.record.error ?? 'unknown error'}` };

  if (develop?.status === 'created' && develop.push && push) {
    const pushed = (await runPlan([push], { cwd: state.repoRoot, ...quiet })).steps[0]!;
    if (pushed.status === 'done') develop = { ...develop, push: undefined, pushed: true };
    else develop = { ...develop, pushed: false, pushError: pushed.error };
  }

  const setup = written.length > 0 ? await setUpBranch(state, plan, written) : undefined;

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
    setup,
    hooks,
    notes,
  };
}

/**
 * The set-up files cannot be committed on a protected branch (pre-commit refuses): on one, init
 * starts SETUP_BRANCH from where the user is (carrying the new files and any local commits, so
 * all of it goes through the pull request), and says which files to commit and how.
 */
async function setUpBranch(state: InitState, plan: InitPlan, written: string[]): Promise<InitReport['setup']> {
  const root = state.repoRoot;
  const candidates = new Set(written);
  const pkgDisplay = displayPath(root, state.packageDir);
  const inPackage = (name: string) => (pkgDisplay === '.' ? name : `${pkgDisplay}/${name}`);
  for (const name of ['package.json', '.husky']) if (existsSync(join(state.packageDir, name))) candidates.add(inPackage(name));
  // the lockfile that installing flowgate changed, at a workspace's root too
  const lockfile = state.packageManager.lockfile && displayPath(root, state.packageManager.lockfile);
  if (lockfile && !lockfile.startsWith('..')) candidates.add(lockfile);
  // Only what really changed: `git status` paths are relative to the root in porcelain output.
  const status = gitRaw(['status', '--porcelain=v1', '-z', '--', ...[...candidates].map((f) => `:(top,literal)${f}`)], { cwd: root });
  const files = status.stdout
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3).replace(/\/$/, ''));
  if (files.length === 0) return undefined;

  const branch = state.currentBranch; // init switches nothing before this
  const hasCommit = gitRaw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: root }).code === 0;
  const isProtected = protectedMatcher(state.configSource && state.config ? state.config.protected : protectedOf(plan));
  let outcome: NonNullable<InitReport['setup']>['status'] = 'stayed';
  let reason: string | undefined;
  const commands: string[] = [];
  const setupBranch = branch && !isProtected(branch) ? branch : SETUP_BRANCH;
  if (!hasCommit) {
    reason = 'the repository has no commit yet';
  } else if (branch && !isProtected(branch)) {
    reason = `${branch} is not protected`;
  } else if (gitRaw(['rev-parse', '--verify', '--quiet', `refs/heads/${SETUP_BRANCH}`], { cwd: root }).code === 0) {
    outcome = 'failed';
    reason = `a branch named ${SETUP_BRANCH} already exists`;
    commands.push(`git switch ${SETUP_BRANCH}`);
  } else {
    const switched = (await runPlan([{ ...createBranch(SETUP_BRANCH, 'HEAD'), soft: true }], { cwd: root, ...quiet })).steps[0]!;
    if (switched.status === 'done') outcome = 'switched';
    else {
      outcome = 'failed';
      reason = switched.error;
      commands.push(`git switch -c ${SETUP_BRANCH}`);
    }
  }
  const cwd = process.cwd();
  const shown = files.map((f) => shellQuote(relative(cwd, join(root, f)).split(sep).join('/') || '.'));
  commands.push(`git add -- ${shown.join(' ')} && git commit -m ${shellQuote(SETUP_MESSAGE)} && npx flowgate pr`);
  return { status: outcome, branch: setupBranch, reason, files, commands };
}

function protectedOf(plan: InitPlan): string[] {
  return plan.answers.develop ? [plan.answers.main, plan.answers.develop] : [plan.answers.main];
}

/**
 * git stops every `git commit` without -m ("could not read '.gitmessage'") on a branch where the
 * commit.template file is missing: any branch made before the set-up is merged, or from main.
 * Untracked and excluded in this clone (.git/info/exclude), the file stays in the work tree on
 * every branch. A team that wants it tracked adds it with `git add -f`; then this is skipped.
 */
function keepTemplateOnEveryBranch(repoRoot: string): void {
  if (!existsSync(join(repoRoot, COMMIT_TEMPLATE))) return;
  if (gitRaw(['ls-files', '--error-unmatch', '--', COMMIT_TEMPLATE], { cwd: repoRoot }).code === 0) return;
  const common = gitMaybe(['rev-parse', '--git-common-dir'], { cwd: repoRoot });
  if (!common) return;
  const exclude = join(resolve(repoRoot, common), 'info', 'exclude');
  const line = `/${COMMIT_TEMPLATE}`;
  try {
    const text = existsSync(exclude) ? readFileSync(exclude, 'utf8') : '';
    if (text.split(/\r?\n/).includes(line)) return;
    mkdirSync(dirname(exclude), { recursive: true });
    appendFileSync(exclude, `${text === '' || text.endsWith('\n') ? '' : '\n'}# commit.template, set by flowgate init: kept on every branch\n${line}\n`);
  } catch {
    // without the exclude the file is only listed among the set-up files
  }
}
