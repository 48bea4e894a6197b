import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { parseIssueId } from '../core/issue.js';
import { isSemver, startBranchName } from '../core/branch.js';
import { existingBranchFor, integrationBranch, startBase } from '../core/branch-model.js';
import { shellQuote } from '../core/shell-quote.js';
import { FlowError, UsageError } from '../errors.js';
import { fetchBase, noBaseError } from '../flow/base.js';
import { Repo } from '../git/repo.js';
import { PlanError } from '../plan/executor.js';
import type { Plan } from '../plan/step.js';
import { createBranch, NoStartPointError, switchTo } from '../plan/steps.js';
import { runPlan } from '../plan/run-plan.js';
import type { Prompter } from '../prompts/index.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';
import { cwdOption, stringOption } from './options.js';

/**
 * `flow <type> start <issue|slug|version> [description…]`.
 * read(repo): config, base, branches that exist, description (flag → words → forge issue title →
 * prompt) → plan: fetch the base, create the branch from origin/<base> (else <base>) → execute.
 */

export interface StartOptions {
  type: string;
  subject: string;
  words: string[];
  description?: string;
  /** false with --no-fetch */
  fetch: boolean;
  yes: boolean;
  json: boolean;
  dryRun: boolean;
  /** switch to the branch that already exists for this issue/version instead of refusing */
  switch: boolean;
  cwd: string;
}

/** What start needs from outside: injectable for tests. */
export interface StartDeps {
  issueTitle(repo: Repo, config: FlowgateConfig, issue: string): Promise<string | undefined>;
  /** a prompter when someone is at a terminal, else undefined */
  prompter(): Promise<Prompter | undefined>;
}

export function readOptions(raw: Record<string, unknown>): StartOptions {
  return {
    type: String(raw.type),
    subject: stringOption(raw.subject) ?? '',
    words: Array.isArray(raw.words) ? raw.words.filter((w): w is string => typeof w === 'string') : [],
    description: stringOption(raw.description),
    fetch: raw.fetch !== false,
    yes: Boolean(raw.yes),
    json: Boolean(raw.json),
    dryRun: Boolean(raw.dryRun),
    switch: Boolean(raw.switch),
    cwd: cwdOption(raw),
  };
}

const defaultDeps: StartDeps = {
  async issueTitle(repo, config, issue) {
    const { issueTitle } = await import('../flow/forge.js');
    return issueTitle(repo.root, config, issue, (why) => warn(`could not read the title of issue ${issue} (${why}); going on without it.`));
  },
  async prompter() {
    const { createPrompter, isInteractive } = await import('../prompts/index.js');
    return isInteractive() ? createPrompter() : undefined;
  },
};

/** What the user wrote as the description, or undefined when nothing was given. */
function givenDescription(o: StartOptions): string | undefined {
  const text = [o.description, ...o.words].filter((w): w is string => typeof w === 'string' && w.trim() !== '').join(' ');
  return text.trim() === '' ? undefined : text;
}

export interface StartState {
  repo: Repo;
  config: FlowgateConfig;
  name: string;
  base: string;
  /** the branch exists already (locally or only on origin) and --switch asked for it */
  existing?: { name: string; local: boolean };
  origin: boolean;
  issue?: string;
  version?: string;
}

/** Refuse (or, with --switch, pick) a branch that already carries this issue or version. */
function existingWork(want: { type: string; issue?: string; version?: string; name?: string }, local: string[], remote: string[], o: StartOptions, config: FlowgateConfig) {
  const matchIn = (names: string[]) => (want.name && names.includes(want.name) ? want.name : existingBranchFor(want, names, config));
  const here = matchIn(local);
  const there = here ? undefined : matchIn(remote);
  const found = here ?? there;
  if (!found) return undefined;
  if (o.switch) return { name: found, local: Boolean(here) };
  const what = want.version ? `version ${want.version}` : want.issue ? `issue ${want.issue}` : undefined;
  const again = `flow ${o.type} start ${shellQuote(o.subject)} --switch`;
  const where = here ? '' : ' on origin';
  throw new FlowError(
    what && found !== want.name
      ? `A branch for ${what} already exists${where}: '${sanitize(found)}'; switch to it with \`${again}\` (or \`git switch ${shellQuote(found)}\`) instead of starting a second one.`
      : `A branch named '${sanitize(found)}' already exists${where}; switch to it with \`${again}\` (or \`git switch ${shellQuote(found)}\`), or choose another description.`,
  );
}

/** Read the state. Changes nothing. */
export async function readState(o: StartOptions, deps: StartDeps): Promise<StartState> {
  const repo = await Repo.open(o.cwd);
  const { config } = await loadConfig(o.cwd);
  if (!config.branchTypes.includes(o.type)) {
    throw new UsageError(`'${o.type}' is not one of this repository's branch types (${config.branchTypes.join(', ')}); add it to branchTypes in the flowgate config.`);
  }
  const origin = await repo.hasRemote('origin');
  const [local, remote] = await Promise.all([repo.branches(), origin ? repo.remoteBranches('origin') : Promise.resolve([])]);

  // With no develop anywhere this clone can see, work starts from main (SPEC: "from main when there is none").
  let base = startBase(o.type, config);
  const develop = integrationBranch(config);
  if (base === develop && !local.includes(develop) && !remote.includes(develop)) {
    base = config.branches.main;
    info(`note: there is no ${develop} branch here or on origin, so this starts from ${base}; create ${develop} (or set branches.develop to null for trunk-based work) to use it.`);
  }

  const subject = o.subject;
  const issue = parseIssueId(subject, config.issuePattern);
  const versioned = o.type === 'hotfix' && isSemver(subject);
  const version = versioned ? subject.replace(/^v/, '') : undefined;
  const early = existingWork({ type: o.type, issue: versioned ? undefined : issue, version }, local, remote, o, config);
  if (early) return { repo, config, name: early.name, base, existing: early, origin, issue, version };

  // An issue with no description: the forge's title, else a prompt at a terminal, else none.
  let description = givenDescription(o);
  if (issue && !versioned && description === undefined) {
    const title = await deps.issueTitle(repo, config, issue);
    if (title) {
      info(`Issue ${issue}: ${sanitize(title)}`);
      description = title;
    } else if (!o.yes) {
      const prompter = await deps.prompter();
      if (prompter) {
        try {
          description = await prompter.input({ name: 'description', message: `Short description for the branch of issue ${issue} (Enter for none)` });
        } finally {
          prompter.close();
        }
      }
    }
  }

  const planned = startBranchName({ type: o.type, subject, description }, config);
  if (!planned.ok) throw new UsageError(`${planned.reason}.`);
  // startBranchName only builds valid names; git has the last word all the same.
  if ((await repo.maybe(['check-ref-format', '--branch', planned.name])) === undefined) {
    throw new FlowError(`'${sanitize(planned.name)}' is not a valid branch name; use another description.`);
  }
  const named = existingWork({ type: o.type, name: planned.name }, local, remote, o, config);
  if (named) return { repo, config, name: named.name, base, existing: named, origin, issue: planned.issue, version: planned.version };
  return { repo, config, name: planned.name, base, origin, issue: planned.issue, version: planned.version };
}

/** The steps: fetch the base (soft: offline goes on), then create the branch from its freshest start point. */
export function plan(state: StartState, o: Pick<StartOptions, 'fetch'>): Plan {
  const { name, base, origin, existing } = state;
  if (existing) return existing.local ? [switchTo(name)] : [createBranch(name, `origin/${name}`, { track: true })];
  const steps: Plan = [];
  if (origin && o.fetch) steps.push(fetchBase(base));
  steps.push(createBranch(name, origin ? `origin/${base}` : base, origin ? { orElse: [base] } : {}));
  return steps;
}

export async function start(o: StartOptions, deps: StartDeps = defaultDeps): Promise<number> {
  const state = await readState(o, deps);
  const steps = plan(state, o);
  const { name, base, repo, config } = state;
  let execution;
  try {
    execution = await runPlan(steps, { cwd: repo.root, dryRun: o.dryRun, json: o.json });
  } catch (error) {
    // the start point is chosen when the step runs (after the fetch): none of them exists
    if (!state.existing && error instanceof PlanError && error.cause instanceof NoStartPointError) throw noBaseError(base, config.branches.main, 'start');
    throw error;
  }
  if (o.dryRun) return 0;
  const fetched = execution.steps.some((s) => s.kind === 'fetch' && s.status === 'done');
  const startPoint = state.existing ? (state.existing.local ? name : `origin/${name}`) : String(execution.results[steps.length - 1]);
  if (state.existing) success(`Switched to the existing branch '${name}'${state.existing.local ? '' : ` (tracking origin/${name})`}`);
  else success(`Switched to a new branch '${name}' from ${startPoint}`);
  if (o.json) {
    json({ branch: name, base, startPoint, fetched, issue: state.issue ?? null, version: state.version ?? null, ...(state.existing ? { existing: true } : {}) });
  } else {
    result(name);
  }
  return 0;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return start(readOptions(options));
}
