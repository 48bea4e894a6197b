import { relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import { EXIT_OK, FlowError } from '../errors.js';
import { fetchBase } from '../flow/base.js';
import { Repo } from '../git/repo.js';
import { PlanError } from '../plan/executor.js';
import { runPlan } from '../plan/run-plan.js';
import { CommitRefusedError } from '../plan/steps.js';
import { planRelease, releaseSteps } from '../release/start.js';
import { info, json, result, success, warn } from '../ui/output.js';
import { cwdOption, stringOption } from './options.js';

export interface ReleaseStartOptions {
  version?: string;
  json: boolean;
  yes: boolean;
  /** false with --no-fetch */
  fetch: boolean;
  dryRun: boolean;
  cwd: string;
}

export function readOptions(raw: Record<string, unknown>): ReleaseStartOptions {
  return {
    version: stringOption(raw.version),
    json: Boolean(raw.json),
    yes: Boolean(raw.yes),
    fetch: raw.fetch !== false,
    dryRun: Boolean(raw.dryRun),
    cwd: cwdOption(raw),
  };
}

/**
 * `flow release start [version|major|minor|patch] [--json] [--yes] [--no-fetch] [--dry-run]`.
 * Every answer has a default (the computed version), so it never prompts; --yes is accepted.
 * read: fetch the base, compute the version and the files → plan → execute (undone on failure).
 */
export async function releaseStart(o: ReleaseStartOptions): Promise<number> {
  const repo = await Repo.open(o.cwd);
  const { config, dir } = await loadConfig(o.cwd);
  const base = config.branches.develop ?? config.branches.main;
  // The version is computed from the fetched base, so the fetch comes first (a dry run only lists it).
  const origin = await repo.hasRemote('origin');
  const fetchStep = o.fetch && origin ? [fetchBase(base)] : [];
  if (!o.dryRun && fetchStep.length) await runPlan(fetchStep, { cwd: repo.root });
  const plan = await planRelease({ repo, cwd: o.cwd, dir, config, origin, version: o.version });
  const how = plan.bump === 'exact' ? 'as given' : `a ${plan.bump} bump`;
  info(`Releasing ${plan.version} (${how} from ${plan.previous}; ${plan.commits} commit${plan.commits === 1 ? '' : 's'} on ${plan.startPoint}).`);
  const steps = releaseSteps(plan, repo.root);
  if (o.dryRun) {
    await runPlan([...fetchStep, ...steps], { cwd: repo.root, dryRun: true, json: o.json });
    return EXIT_OK;
  }

  const message = `chore(release): ${plan.version}`;
  try {
    await runPlan(steps, { cwd: repo.root });
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const undone = !error.undoFailed;
    if (error.cause instanceof CommitRefusedError) {
      throw new FlowError(
        undone
          ? `git refused the release commit '${message}' (see above); nothing was changed: fix the cause and run flow release start again.`
          : `git refused the release commit '${message}' (see above), and ${plan.branch} could not be undone; commit package.json and CHANGELOG.md there yourself, or delete the branch.`,
      );
    }
    throw new FlowError(`Could not ${error.failed?.summary ?? 'start the release'} (${error.message})${undone ? '; nothing was changed' : ''}.`);
  }
  const head = await repo.commitOf('HEAD');
  const started = await repo.commitOf(`refs/heads/${plan.branch}~1`);
  if (started && started !== plan.startSha) {
    warn(`${plan.branch} started from ${plan.startPoint}, which moved while planning; the changelog covers the commits up to ${plan.startSha.slice(0, 7)}.`);
  }
  const name = (file: string) => relative(o.cwd, file) || file;
  if (plan.packageNote) info(plan.packageNote);
  success(
    `Created ${plan.branch} from ${plan.startPoint}: ${[plan.packageJson ? `${name(plan.packageJson.file)} → ${plan.version}` : '', `${name(plan.changelog.file)} section ${plan.changelog.replaced ? 'replaced' : 'prepended'}`].filter(Boolean).join(', ')}, committed ${message}.`,
  );
  info(`Next: review the changelog, then \`npx flow release finish\` opens the pull requests.`);

  if (o.json) {
    json({
      branch: plan.branch,
      version: plan.version,
      previous: plan.previous,
      base: plan.base,
      startPoint: plan.startPoint,
      bump: plan.bump,
      commit: head,
      changelog: name(plan.changelog.file),
      packageJson: plan.packageJson ? name(plan.packageJson.file) : null,
    });
  } else {
    result(plan.branch);
  }
  return EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return releaseStart(readOptions(options));
}
