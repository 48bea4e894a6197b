import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { protectedMatcher } from '../core/protected.js';
import { shellQuote } from '../core/shell-quote.js';
import { EXIT_OK, errorMessage } from '../errors.js';
import { gitMaybe, gitRaw } from '../git/exec.js';
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

  if (commitTemplate.value === COMMIT_TEMPLATE && (commitTemplate.status === 'set' || commitTemplate.reason === 'already set')) keepTemplateOnEveryBranch(state.repoRoot);

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
      // A local main ahead of origin's: develop starts at origin's, so it carries nothing origin
      // lacks and pushing it needs no review (pre-push allows it); the local commits go through
      // the set-up pull request.
      const ahead = !b.track && state.originBranches.includes(b.from) && gitMaybe(['rev-list', '-n', '1', b.from, `^refs/remotes/origin/${b.from}`, '--'], { cwd: state.repoRoot });
      const from = ahead ? `origin/${b.from}` : b.from;
      const args = b.track ? ['branch', '--track', b.name, from] : ['branch', '--no-track', b.name, from];
      const r = gitRaw(args, { cwd: state.repoRoot });
      develop = r.code === 0 ? { status: 'created', from, push: b.track || !state.hasOrigin ? undefined : `git push -u origin ${b.name}` } : { status: 'failed', from, reason: r.stderr.trim().split('\n').pop() };
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

  if (develop?.status === 'created' && develop.push && plan.branch) {
    progress(`flowgate: pushing ${plan.branch.name} to origin…`);
    const r = gitRaw(['push', '--quiet', '-u', 'origin', plan.branch.name], { cwd: state.repoRoot, env: pushEnv() });
    if (r.code === 0) develop = { ...develop, push: undefined, pushed: true };
    else develop = { ...develop, pushed: false, pushError: lastLine(r.stderr) };
  }

  const setup = written.length > 0 ? setUpBranch(state, plan, written) : undefined;

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

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? 'git push failed';
}

/** With no terminal a credential prompt would wait forever: git must fail instead. */
function pushEnv(): NodeJS.ProcessEnv | undefined {
  return process.stdin.isTTY && process.stderr.isTTY ? undefined : { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' };
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The lockfiles an `npm install -D flowgate` (or pnpm, yarn, bun) changes beside package.json. */
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

/**
 * The set-up files cannot be committed on a protected branch (pre-commit refuses): on one, init
 * starts SETUP_BRANCH from where the user is (carrying the new files and any local commits, so
 * all of it goes through the pull request), and says which files to commit and how.
 */
function setUpBranch(state: InitState, plan: InitPlan, written: string[]): InitReport['setup'] {
  const root = state.repoRoot;
  const candidates = new Set(written);
  const pkgDisplay = displayPath(root, state.packageDir);
  const inPackage = (name: string) => (pkgDisplay === '.' ? name : `${pkgDisplay}/${name}`);
  for (const name of ['package.json', '.husky', ...LOCKFILES]) if (existsSync(join(state.packageDir, name))) candidates.add(inPackage(name));
  // Only what really changed: `git status` paths are relative to the root in porcelain output.
  const status = gitRaw(['status', '--porcelain=v1', '-z', '--', ...[...candidates].map((f) => `:(top,literal)${f}`)], { cwd: root });
  const files = status.stdout
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3).replace(/\/$/, ''));
  if (files.length === 0) return undefined;

  const branch = gitMaybe(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: root });
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
    const r = gitRaw(['switch', '--quiet', '--no-track', '-c', SETUP_BRANCH], { cwd: root });
    if (r.code === 0) outcome = 'switched';
    else {
      outcome = 'failed';
      reason = lastLine(r.stderr);
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
