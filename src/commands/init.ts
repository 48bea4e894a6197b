import { defaultConfig } from '../config/defaults.js';
import { EXIT_OK, FlowError } from '../errors.js';
import { checkBranchAnswer, defaultAnswers, validateAnswers, type InitOptions } from '../init/answers.js';
import type { InitReport } from '../init/execute.js';
import type { InitAnswers, InitPlan } from '../init/plan.js';
import type { Prompter } from '../prompts/index.js';
import { info, json, paint, result, sanitize, success, warn } from '../ui/output.js';

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
  if (report.develop?.pushed) info(`  ${paint('green', 'pushed   ')}  branch ${sanitize(report.branches.develop ?? '')} to origin`);
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
    warn(`could not push ${sanitize(report.branches.develop ?? '')} to origin (${sanitize(report.develop.pushError ?? '')}); run \`${report.develop.push}\` when you can.`);
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
  if (report.develop?.push) later.unshift(`\`${report.develop.push}\``);
  if (setup) {
    success('Done. Next, commit the set-up and open its pull request:');
    for (const command of setup.commands) info(`    ${sanitize(command)}`);
    info(`  Then: ${later.join('; ')}.`);
  } else success(`Done. Next: ${later.join('; ')}.`);
}

/** `--dry-run`: what init would write, set and create, and nothing changed (stdout: one line each, or JSON). */
function printPlan(plan: InitPlan, asJson: boolean): number {
  const lines: { action: string; target: string; reason?: string }[] = [];
  for (const f of plan.files) lines.push(f.action === 'keep' ? { action: 'leave', target: f.display, reason: f.reason ?? 'exists' } : { action: f.action === 'overwrite' ? 'overwrite' : 'write', target: f.display });
  const c = plan.commitTemplate;
  lines.push(c.action === 'set' ? { action: 'set', target: `git config ${c.key} ${c.value}` } : { action: 'leave', target: `git config ${c.key}`, reason: c.reason });
  const pj = plan.packageJson;
  lines.push(pj.action === 'update' ? { action: 'add', target: `"${pj.prepare ?? ''}" to ${pj.display}` } : { action: 'leave', target: pj.display, reason: pj.reason });
  const b = plan.branch;
  if (b) lines.push(b.action === 'create' ? { action: 'create', target: `branch ${b.name} from ${b.from ?? ''}` } : { action: 'leave', target: `branch ${b.name}`, reason: b.reason });
  lines.push({ action: 'install', target: 'the git hooks' });
  if (asJson) json({ dryRun: true, steps: lines, notes: plan.notes });
  else for (const l of lines) result(`would ${l.action} ${sanitize(l.target)}${l.reason ? ` (${sanitize(l.reason)})` : ''}`);
  return EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const o = options as InitOptions & { dryRun?: boolean };
  const cwd = o.cwd ?? process.cwd();
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
    const { isInteractive, createPrompter } = await import('../prompts/index.js');
    if (isInteractive()) {
      const prompter = createPrompter();
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
  if (o.dryRun) return printPlan(plan, Boolean(o.json));
  const { executeInit } = await import('../init/execute.js');
  const report = await executeInit(state, plan, async (opts) => {
    const { installHooks } = await import('../install/install.js');
    return installHooks(opts);
  });

  printReport(report);
  if (o.json) json(report);
  return report.hooks.code !== EXIT_OK ? report.hooks.code : EXIT_OK;
}
