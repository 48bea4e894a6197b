/**
 * `flow rollback <ref> [--dry-run] [--no-push] [--draft] [--json]`: undo a merge or commit on
 * main, or a whole release (`flow rollback v1.4.0`: back to the release before it), through
 * `hotfix/rollback-<short>` from main. Each undone commit gets its own conventional revert
 * (`revert: <header>`, `This reverts commit <sha>.`, `Refs: <sha>`); then the branch is pushed
 * and its pull requests opened into main and develop by `flow hotfix finish` (src/commands/pr.ts).
 * Read state → plan → execute; a revert that does not apply cleanly changes nothing.
 */
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { checkBranchName, prTargets } from '../core/branch-model.js';
import { slugify } from '../core/branch.js';
import { andList } from '../core/english.js';
import { headerOf, revertMessage, type RevertTarget } from '../core/conventional-messages.js';
import { tagVersion } from '../core/version.js';
import { EXIT_OK, FlowError, UsageError, errorMessage } from '../errors.js';
import { Repo } from '../git/repo.js';
import { PlanError } from '../plan/executor.js';
import { runPlan } from '../plan/run-plan.js';
import type { Plan, Step } from '../plan/step.js';
import { createBranch, fetch, revert, RevertError } from '../plan/steps.js';
import { lastReleaseTag } from '../release/repo.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';
import { cwdOption } from './options.js';

export interface RollbackOptions {
  ref: string;
  dryRun: boolean;
  /** false with --no-push */
  push: boolean;
  draft: boolean;
  json: boolean;
  cwd: string;
}

/** What rollback needs from outside: injectable for tests. */
export interface RollbackDeps {
  /** push and open the pull requests the way `flow hotfix finish` does; its exit code */
  finish(options: Record<string, unknown>): Promise<number>;
}

export function readOptions(raw: Record<string, unknown>): RollbackOptions {
  const ref = typeof raw.ref === 'string' ? raw.ref.trim() : '';
  if (!ref) throw new UsageError('Name what to roll back: a merge or commit on main, or a release tag (e.g. `npx flowgate rollback v1.4.0`).');
  return {
    ref,
    dryRun: Boolean(raw.dryRun),
    push: raw.push !== false,
    draft: Boolean(raw.draft),
    json: Boolean(raw.json),
    cwd: cwdOption(raw),
  };
}

const defaultDeps: RollbackDeps = {
  async finish(options) {
    const pr = await import('./pr.js');
    return pr.run(options);
  },
};

interface RollbackPlan {
  branch: string;
  startPoint: string;
  targets: string[];
  /** newest first: the order they are reverted in */
  reverts: (RevertTarget & { header: string; message: string; revertMessage: string })[];
  /** a release rollback: the tag undone and the release it goes back to */
  release?: { tag: string; previous: string };
  title: string;
  body: string;
}

async function targetOf(repo: Repo, sha: string): Promise<RevertTarget> {
  const parents = ((await repo.maybe(['rev-list', '--parents', '-n', '1', sha])) ?? '').split(' ').length - 1;
  const message = (await repo.maybe(['log', '-1', '--format=%B', sha])) ?? '';
  return { sha, message, isMerge: parents > 1 };
}

async function planRollback(repo: Repo, config: FlowgateConfig, ref: string): Promise<RollbackPlan> {
  const main = config.branches.main;
  const start = await repo.startPoint(main);
  if (!start) throw new FlowError(`There is no ${sanitize(main)} branch here or on origin to roll back; fetch it (git fetch origin ${sanitize(main)}) or set branches.main.`);

  const tagged = await repo.commitOf(`refs/tags/${ref}`);
  const version = tagged ? tagVersion(ref, config.tagPrefix) : undefined;
  const sha = tagged ?? (await repo.commitOf(ref));
  if (!sha) throw new FlowError(`'${sanitize(ref)}' is not a commit or tag in this repository; give the merge commit (git log --merges ${sanitize(start.startPoint)}) or a release tag.`);
  if (!(await repo.isAncestor(sha, start.sha))) {
    throw new FlowError(`${sanitize(ref)} is not on ${sanitize(start.startPoint)}, so there is nothing on ${sanitize(main)} to roll back; give a commit or tag that ${sanitize(main)} contains.`);
  }

  const reverts: RollbackPlan['reverts'] = [];
  let release: RollbackPlan['release'];
  let shortName: string;
  if (version) {
    // the release before it: the highest stable release tag below it that it contains
    const previous = lastReleaseTag(repo.root, sha, config.tagPrefix, { below: version })?.tag;
    if (!previous) throw new FlowError(`There is no release before ${sanitize(ref)} to go back to; give the merge commit to undo instead (git log --merges ${sanitize(ref)}).`);
    const shas = ((await repo.maybe(['rev-list', '--first-parent', `refs/tags/${previous}..${sha}`, '--'])) ?? '').split('\n').filter(Boolean);
    if (shas.length === 0) throw new FlowError(`${sanitize(ref)} and ${sanitize(previous)} are the same commit; there is nothing to roll back.`);
    for (const s of shas) reverts.push(await described(repo, s));
    release = { tag: ref, previous };
    shortName = slugify(ref) || sha.slice(0, 7);
  } else {
    reverts.push(await described(repo, sha));
    shortName = sha.slice(0, 7);
  }
  for (const r of reverts) {
    r.revertMessage = revertMessage(r, { reason: release ? `Part of rolling back ${release.tag} to ${release.previous}.` : undefined });
  }

  const branch = `hotfix/rollback-${shortName}`;
  const check = checkBranchName(branch, config);
  if (!check.ok) throw new FlowError(`The rollback branch ${sanitize(branch)} breaks the naming rules (${check.reason ?? 'invalid'}); allow the hotfix type in branchTypes.`);
  if (await repo.hasBranch(branch)) {
    throw new FlowError(`A branch ${sanitize(branch)} already exists (an earlier rollback?); finish it with \`npx flowgate hotfix finish\` from there, or delete it (git branch -D ${sanitize(branch)}) and run the command again.`);
  }
  if ((await repo.commitOf(`refs/remotes/origin/${branch}`)) !== undefined) {
    throw new FlowError(`origin already has ${sanitize(branch)} (an earlier rollback?); check it out (git switch ${sanitize(branch)}) and open its pull requests with \`npx flowgate hotfix finish\`.`);
  }

  const title = release
    ? `revert: roll back ${release.tag} to ${release.previous}`
    : reverts[0]!.revertMessage.split('\n')[0]!;
  const lines = release
    ? [`Rolls ${config.branches.main} back from ${release.tag} to ${release.previous}: reverts, newest first,`, '']
    : ['Reverts, through a hotfix:', ''];
  for (const r of reverts) lines.push(`- ${r.sha.slice(0, 12)} ${r.header}${r.isMerge ? ' (merge, -m 1)' : ''}`);
  lines.push('', `Made by \`npx flowgate rollback ${ref}\`.`);
  return { branch, startPoint: start.startPoint, targets: prTargets('hotfix', config), reverts, release, title, body: lines.join('\n') };
}

async function described(repo: Repo, sha: string): Promise<RollbackPlan['reverts'][number]> {
  const t = await targetOf(repo, sha);
  return { ...t, header: headerOf(t.message, t.isMerge), revertMessage: '' };
}

/** Push and open the pull requests the way `flow hotfix finish` does: through pr.ts's run(). */
function finishStep(p: RollbackPlan, opts: RollbackOptions, deps: RollbackDeps): Step<number> {
  return {
    kind: 'open-pr',
    summary: `push ${p.branch} to origin and open its pull requests into ${andList(p.targets)} (flow hotfix finish)`,
    detail: { branch: p.branch, targets: p.targets, title: p.title, draft: opts.draft },
    remote: true,
    // not `slow`: pr shows its own progress, and may ask questions
    run: () => deps.finish({ finishType: 'hotfix', title: p.title, body: p.body, draft: opts.draft, json: opts.json, push: true, cwd: opts.cwd }),
  };
}

export async function rollback(opts: RollbackOptions, deps: RollbackDeps = defaultDeps): Promise<number> {
  const repo = await Repo.open(opts.cwd);
  const { config } = await loadConfig(opts.cwd);
  const main = config.branches.main;
  if (await repo.hasTrackedChanges()) {
    throw new FlowError('The work tree has uncommitted changes; commit them (or `git stash`) and run the rollback again.');
  }
  const hasOrigin = await repo.hasRemote('origin');
  const fetchStep = fetch('origin', [`+refs/heads/${main}:refs/remotes/origin/${main}`, 'refs/tags/*:refs/tags/*'], { what: `${main} and the tags` });
  if (hasOrigin && !opts.dryRun) {
    await runPlan([fetchStep], { cwd: repo.root, warning: (_, error) => `could not fetch ${main} from origin (${errorMessage(error)}); rolling back what this clone has.` });
  }

  const p = await planRollback(repo, config, opts.ref);
  const local: Plan = [createBranch(p.branch, p.startPoint), ...p.reverts.map((r) => revert(r.sha, r.revertMessage, r.isMerge ? { mainline: 1 } : {}))];
  const finish = opts.push && hasOrigin ? finishStep(p, opts, deps) : undefined;
  if (opts.push && !hasOrigin) warn('there is no origin to push to; the rollback stays a local branch.');

  if (opts.dryRun) {
    const all = [...(hasOrigin ? [fetchStep] : []), ...local, ...(finish ? [finish] : [])];
    await runPlan(all, { cwd: repo.root, dryRun: true, json: opts.json, document: { branch: p.branch, release: p.release ?? null } });
    return EXIT_OK;
  }

  try {
    await runPlan(local, { cwd: repo.root });
  } catch (error) {
    const failed = error instanceof PlanError ? error.cause : undefined;
    if (failed instanceof RevertError) {
      const short = failed.sha.slice(0, 12);
      throw new FlowError(
        `Reverting ${short} does not apply cleanly to ${sanitize(p.startPoint)} (later commits changed the same lines), so nothing was changed; revert it by hand: \`npx flowgate hotfix start rollback-${failed.sha.slice(0, 7)}\`, \`git revert${failed.mainline ? ' -m 1' : ''} ${short}\`, resolve, commit, then \`npx flowgate hotfix finish\`.`,
      );
    }
    throw error;
  }
  success(`Created ${sanitize(p.branch)} from ${sanitize(p.startPoint)} with ${p.reverts.length === 1 ? 'the revert' : `${p.reverts.length} reverts`}${p.release ? ` (back to ${sanitize(p.release.previous)})` : ''}.`);

  if (!finish) {
    info('Next: check the branch (build, test), then `npx flowgate hotfix finish` pushes it and opens the pull requests.');
    if (opts.json) json({ branch: p.branch, startPoint: p.startPoint, release: p.release ?? null, reverted: p.reverts.map((r) => ({ sha: r.sha, header: r.header, merge: r.isMerge })), pushed: false });
    else result(p.branch);
    return EXIT_OK;
  }
  // pr.ts prints the pull request (or compare) URLs on stdout, or its --json report.
  return (await runPlan([finish], { cwd: repo.root })).results[0] as number;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return rollback(readOptions(options));
}
