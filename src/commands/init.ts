import { defaultConfig } from '../config/defaults.js';
import { EXIT_OK, FlowError } from '../errors.js';
import { runPlan } from '../plan/run-plan.js';
import { checkBranchAnswer, defaultAnswers, validateAnswers, type InitOptions as AnswerOptions } from '../init/answers.js';
import type { InitReport, InstallFn } from '../init/execute.js';
import type { InitAnswers } from '../init/plan.js';
import type { Prompter } from '../prompts/index.js';
import { info, json, paint, sanitize, success, warn } from '../ui/output.js';
import { cwdOption, stringOption } from './options.js';

export interface InitOptions extends AnswerOptions {
  dryRun: boolean;
  json: boolean;
  cwd: string;
}

/** What init needs from outside: injectable for tests. */
export interface InitDeps {
  /** a prompter when someone is at a terminal, else undefined */
  prompter(): Promise<Prompter | undefined>;
  install: InstallFn;
}

export function readOptions(raw: Record<string, unknown>): InitOptions {
  return {
    yes: Boolean(raw.yes),
    force: Boolean(raw.force),
    trunk: Boolean(raw.trunk),
    main: stringOption(raw.main),
    develop: stringOption(raw.develop),
    github: raw.github !== false,
    dryRun: Boolean(raw.dryRun),
    json: Boolean(raw.json),
    cwd: cwdOption(raw),
  };
}

const defaultDeps: InitDeps = {
  async prompter() {
    const { createPrompter, isInteractive } = await import('../prompts/index.js');
    return isInteractive() ? createPrompter() : undefined;
  },
  async install(opts) {
    const { installHooks } = await import('../install/install.js');
    return installHooks(opts);
  },
};

/**
 * `flow init`: read the repository → settle the answers (flags, then the existing config and
 * branches, then prompts at a terminal) → plan every file and setting → write what is missing
 * (everything with --force) → install the hooks → list what was written and what was left.
 */

async function ask(answers: InitAnswers, open: ('model' | 'main' | 'develop')[], prompter: Prompter): Promise<InitAnswers> {
  const next = { ...answers };
  let trunk = next.develop === null;
  if (open.includes('model')) {
    const model = await prompter.select({
      name: 'model',
      message: 'Branch model',
      choices: [
        { value: 'develop', name: 'main + develop', description: 'features land on develop; releases and hotfixes go to main' },
        { value: 'trunk', name: 'trunk-based', description: 'every branch starts from main and returns to it' },
      ],
      default: trunk ? 'trunk' : 'develop',
    });
    trunk = model === 'trunk';
  }
  if (open.includes('main')) {
    next.main = await prompter.input({ name: 'main', message: 'Production branch', default: next.main, validate: (v) => checkBranchAnswer(v, 'main') });
  }
  if (trunk) next.develop = null;
  else if (open.includes('develop')) {
    next.develop = await prompter.input({
      name: 'develop',
      message: 'Integration branch',
      default: next.develop ?? 'develop',
      validate: (v) => (v === next.main ? 'it must differ from the production branch' : checkBranchAnswer(v, 'develop')),
    });
  }
  return next;
}

function printReport(report: InitReport): void {
  const model = report.branches.develop ? `${report.branches.main} ← ${report.branches.develop}` : `${report.branches.main} (trunk-based)`;
  info(`flowgate: set up for ${sanitize(model)}, ${report.packageManager}`);
  const packageJsonShownAsPrepare = report.prepare.status === 'added';
  for (const path of report.written) {
    if (packageJsonShownAsPrepare && /(^|\/)package\.json$/.test(path)) continue;
    info(`  ${paint('green', report.overwritten.includes(path) ? 'overwrote' : 'wrote    ')}  ${sanitize(path)}`);
  }
  if (report.commitTemplate.status === 'set') info(`  ${paint('green', 'set      ')}  git config commit.template ${report.commitTemplate.value}`);
  if (report.prepare.status === 'added') info(`  ${paint('green', 'added    ')}  "${report.prepare.key ?? 'prepare'}": "${sanitize(report.prepare.script ?? '')}" to package.json`);
  if (report.develop?.status === 'created') info(`  ${paint('green', 'created  ')}  branch ${sanitize(report.branches.develop ?? '')} from ${sanitize(report.develop.from ?? '')}`);
  if (report.develop?.pushed) {
    const what = report.develop.firstPush ? `branches ${sanitize(report.branches.main)} and ${sanitize(report.branches.develop ?? '')} to the empty origin (its first push)` : `branch ${sanitize(report.branches.develop ?? '')} to origin`;
    info(`  ${paint('green', 'pushed   ')}  ${what}`);
  }
  if (report.setup?.status === 'switched') {
    info(`  ${paint('green', 'switched ')}  to branch ${report.setup.branch}: ${sanitize(report.branches.main)} is protected, so the set-up goes through a pull request`);
  }
  for (const u of report.untouched) info(`  ${paint('dim', 'left     ')}  ${sanitize(u.path)} (${sanitize(u.reason)})`);
  if (report.commitTemplate.status === 'unchanged' && report.commitTemplate.reason && report.commitTemplate.reason !== 'already set') {
    info(`  ${paint('dim', 'left     ')}  git config commit.template (${sanitize(report.commitTemplate.reason)})`);
  }
  if (report.prepare.status === 'skipped') warn(sanitize(report.prepare.reason ?? 'no "prepare" script added') + '.');
  if (report.develop?.status === 'skipped') warn(`branch ${sanitize(report.branches.develop ?? '')} not created: ${sanitize(report.develop.reason ?? '')}.`);
  if (report.develop?.status === 'failed') warn(`could not create branch ${sanitize(report.branches.develop ?? '')}: ${sanitize(report.develop.reason ?? '')}.`);
  if (report.develop?.pushed === false) {
    warn(`could not push ${sanitize(report.branches.develop ?? '')} to origin (${sanitize(report.develop.pushError ?? '').replace(/\.$/, '')}); run \`${sanitize(report.develop.push ?? '')}\` when you can.`);
  }
  for (const line of report.hooks.message.split('\n').filter(Boolean)) {
    if (report.hooks.code === EXIT_OK) info(line);
    else warn(line.replace(/^flowgate: /, ''));
  }
  for (const note of report.notes) warn(note);
  const setup = report.setup;
  if (setup?.status === 'failed') warn(`did not switch to ${setup.branch} (${sanitize(setup.reason ?? '')}).`);
  const forceable = report.untouched.filter((u) => u.reason.includes('--force')).length;
  if (report.written.length === 0) {
    info(`flowgate: nothing to write; ${report.untouched.length} file(s) left untouched${forceable ? ` (\`npx flowgate init --force\` overwrites the ${forceable} marked "--force")` : ''}.`);
  } else if (report.untouched.length > 0) info(`flowgate: wrote ${report.written.length} file(s), left ${report.untouched.length} untouched.`);
  if (report.hooks.code !== EXIT_OK) return;
  const later = ['`npx flowgate protect` to require the checks on the server', '`npx flowgate doctor` if a hook misbehaves'];
  if (report.develop?.push) later.unshift(`\`${sanitize(report.develop.push)}\``);
  if (setup) {
    success('Done. Next, commit the set-up and open its pull request:');
    for (const command of setup.commands) info(`    ${sanitize(command)}`);
    info(`  Then: ${later.join('; ')}.`);
  } else success(`Done. Next: ${later.join('; ')}.`);
}

export async function init(o: InitOptions, deps: InitDeps = defaultDeps): Promise<number> {
  const cwd = o.cwd;
  const { readInitState } = await import('../init/state.js');
  const state = await readInitState(cwd);
  // --force can only start afresh a flowgate.config.json that is the one config; anywhere else the
  // file named in the error is the one to fix (a re-run would fail the same way).
  const rewritable = state.configSource?.kind === 'json' && !state.configConflict;
  if (state.configError && !(o.force && rewritable)) {
    throw new FlowError(rewritable ? `${state.configError.replace(/\.$/, '')} (or run \`npx flowgate init --force\` to rewrite flowgate.config.json).` : state.configError);
  }
  if (state.configError) state.configJson = undefined; // --force over an invalid flowgate.config.json: start it afresh

  const { answers: defaults, open } = defaultAnswers(state, o);
  let answers = defaults;
  if (!o.yes && open.length > 0) {
    const prompter = await deps.prompter();
    if (prompter) {
      try {
        answers = await ask(answers, open, prompter);
      } finally {
        prompter.close();
      }
    }
  }
  validateAnswers(answers);

  const config = state.config ?? defaultConfig();
  const { renderTemplates } = await import('../templates/catalog.js');
  const rendered = renderTemplates(
    {
      main: answers.main,
      develop: answers.develop,
      repoRoot: state.repoRoot,
      packageDir: state.packageDir,
      packageManager: state.packageManager,
      branchTypes: config.branchTypes,
      issueFooter: config.issueFooter,
      tagPrefix: config.tagPrefix,
      deployScript: config.deploy.script,
      forge: (await import('../forge/index.js')).resolveRemote(state.repoRoot, config)?.provider,
    },
    { github: answers.github },
  );
  const { planInit } = await import('../init/plan.js');
  const plan = planInit(state, answers, rendered);
  const { executeInit, initSteps } = await import('../init/execute.js');
  if (o.dryRun) {
    // what init would write, set and create, and nothing changed (stdout: one line each, or JSON)
    const { steps, push } = initSteps(state, plan, deps.install);
    await runPlan(push ? [...steps, push] : steps, { cwd: state.repoRoot, dryRun: true, json: o.json, document: (p) => ({ dryRun: true, steps: p.map((s) => s.detail), notes: plan.notes }) });
    return EXIT_OK;
  }
  const report = await executeInit(state, plan, deps.install);

  printReport(report);
  if (o.json) json(report);
  return report.hooks.code !== EXIT_OK ? report.hooks.code : EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return init(readOptions(options));
}
