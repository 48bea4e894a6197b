/**
 * `flow rollback <ref> [--dry-run] [--no-push] [--draft] [--json]`: undo a merge or commit on
 * main, or a whole release (`flow rollback v1.4.0`: back to the release before it), through
 * `hotfix/rollback-<short>` from main. Each undone commit gets its own conventional revert
 * (`revert: <header>`, `This reverts commit <sha>.`, `Refs: <sha>`); then the branch is pushed
 * and its pull requests opened into main and develop by `flow hotfix finish` (src/commands/pr.ts).
 * Read state → plan → execute; a revert that does not apply cleanly changes nothing.
 */
import semver from 'semver';
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { checkBranchName, prTargets } from '../core/branch-model.js';
import { slugify } from '../core/branch.js';
import { revertMessage, type RevertTarget } from '../core/conventional-messages.js';
import { EXIT_OK, FlowError, UsageError, errorMessage } from '../errors.js';
import { Repo } from '../git/repo.js';
import { execute, PlanError } from '../plan/executor.js';
import { planDocument } from '../plan/run-plan.js';
import type { Plan, Step } from '../plan/step.js';
import { createBranch, fetch, revert } from '../plan/steps.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';

interface RollbackOptions {
  ref: string;
  dryRun: boolean;
  push: boolean;
  draft: boolean;
  json: boolean;
}

function readOptions(o: Record<string, unknown>): RollbackOptions {
  const ref = typeof o.ref === 'string' ? o.ref.trim() : '';
  if (!ref) throw new UsageError('Name what to roll back: a merge or commit on main, or a release tag (e.g. `npx flowgate rollback v1.4.0`).');
  return { ref, dryRun: Boolean(o.dryRun), push: o.push !== false, draft: Boolean(o.draft), json: Boolean(o.json) };
}

/** A release tag: `<prefix><semver>`, or a bare semver (`8.0.1`) as conventional-changelog accepts. */
export function releaseVersionOf(tag: string, prefix: string): string | undefined {
  for (const p of prefix ? [prefix, ''] : ['']) {
    if (!tag.startsWith(p)) continue;
    const rest = tag.slice(p.length);
    if (semver.valid(rest) === rest) return rest;
  }
  return undefined;
}

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

/** The highest stable release tag reachable from `sha` that is below `version` (the release before it). */
async function previousRelease(repo: Repo, sha: string, version: string, prefix: string): Promise<string | undefined> {
  const out = (await repo.maybe(['tag', '--list', '--merged', sha])) ?? '';
  let best: { tag: string; version: string } | undefined;
  for (const tag of out.split('\n').filter(Boolean)) {
    const v = releaseVersionOf(tag, prefix);
    if (!v || semver.prerelease(v) || !semver.lt(v, version)) continue;
    if (!best || semver.gt(v, best.version)) best = { tag, version: v };
  }
  return best?.tag;
}

async function planRollback(repo: Repo, config: FlowgateConfig, ref: string): Promise<RollbackPlan> {
  const main = config.branches.main;
  const start = await repo.startPoint(main);
  if (!start) throw new FlowError(`There is no ${sanitize(main)} branch here or on origin to roll back; fetch it (git fetch origin ${sanitize(main)}) or set branches.main.`);

  const isTag = (await repo.commitOf(`refs/tags/${ref}`)) !== undefined;
  const version = isTag ? releaseVersionOf(ref, config.tagPrefix) : undefined;
  const sha = isTag ? await repo.commitOf(`refs/tags/${ref}`) : await repo.commitOf(ref);
  if (!sha) throw new FlowError(`'${sanitize(ref)}' is not a commit or tag in this repository; give the merge commit (git log --merges ${sanitize(start.startPoint)}) or a release tag.`);
  if (!(await repo.isAncestor(sha, start.sha))) {
    throw new FlowError(`${sanitize(ref)} is not on ${sanitize(start.startPoint)}, so there is nothing on ${sanitize(main)} to roll back; give a commit or tag that ${sanitize(main)} contains.`);
  }

  const reverts: RollbackPlan['reverts'] = [];
  let release: RollbackPlan['release'];
  let shortName: string;
  if (version) {
    const previous = await previousRelease(repo, sha, version, config.tagPrefix);
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
  const { headerOf } = await import('../core/conventional-messages.js');
  return { ...t, header: headerOf(t.message, t.isMerge), revertMessage: '' };
}

/** Push and open the pull requests the way `flow hotfix finish` does: through pr.ts's run(). */
function finishStep(p: RollbackPlan, opts: RollbackOptions): Step<number> {
  return {
    kind: 'open-pr',
    summary: `push ${p.branch} to origin and open its pull requests into ${p.targets.join(' and ')} (flow hotfix finish)`,
    detail: { branch: p.branch, targets: p.targets, title: p.title, draft: opts.draft },
    remote: true,
    slow: true,
    async run() {
      const pr = await import('./pr.js');
      return pr.run({ finishType: 'hotfix', title: p.title, body: p.body, draft: opts.draft, json: opts.json, push: true });
    },
  };
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const opts = readOptions(options);
  const repo = await Repo.open(process.cwd());
  const { config } = await loadConfig(process.cwd());
  const main = config.branches.main;
  if ((await repo.maybe(['status', '--porcelain', '--untracked-files=no'])) !== '') {
    throw new FlowError('The work tree has uncommitted changes; commit them (or `git stash`) and run the rollback again.');
  }
  const hasOrigin = await repo.hasRemote('origin');
  const fetchStep = fetch('origin', [`+refs/heads/${main}:refs/remotes/origin/${main}`, 'refs/tags/*:refs/tags/*'], { what: `${main} and the tags` });
  if (hasOrigin && !opts.dryRun) {
    await execute([fetchStep], {
      cwd: repo.root,
      onStep({ phase, error }) {
        if (phase === 'warned') warn(`could not fetch ${main} from origin (${errorMessage(error)}); rolling back what this clone has.`);
      },
    });
  }

  const p = await planRollback(repo, config, opts.ref);
  const local: Plan = [createBranch(p.branch, p.startPoint), ...p.reverts.map((r) => revert(r.sha, r.revertMessage, r.isMerge ? { mainline: 1 } : {}))];
  const finish = opts.push && hasOrigin ? finishStep(p, opts) : undefined;
  if (opts.push && !hasOrigin) warn('there is no origin to push to; the rollback stays a local branch.');

  if (opts.dryRun) {
    const all = [...(hasOrigin ? [fetchStep] : []), ...local, ...(finish ? [finish] : [])];
    if (opts.json) result(JSON.stringify({ ...planDocument(all), branch: p.branch, release: p.release ?? null }, null, 2));
    else for (const s of all) result(`would ${s.summary}`);
    return EXIT_OK;
  }

  try {
    await execute(local, { cwd: repo.root });
  } catch (error) {
    if (error instanceof PlanError) {
      const failed = error.execution.steps.find((s) => s.status === 'failed');
      const sha = (failed?.detail as { sha?: string } | undefined)?.sha;
      if (failed?.kind === 'revert' && sha) {
        throw new FlowError(
          `Reverting ${sha.slice(0, 12)} does not apply cleanly to ${sanitize(p.startPoint)} (later commits changed the same lines), so nothing was changed; revert it by hand: \`npx flowgate hotfix start rollback-${sha.slice(0, 7)}\`, \`git revert${failed.detail.mainline ? ' -m 1' : ''} ${sha.slice(0, 12)}\`, resolve, commit, then \`npx flowgate hotfix finish\`.`,
        );
      }
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
  return await finish.run({ cwd: repo.root });
}
