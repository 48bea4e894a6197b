/**
 * `flow sync [--dry-run] [--json] [--no-push] [--no-prune]`: fetch, bring the current branch up
 * to date with its upstream and then its base from origin (merge or rebase, `sync.strategy`),
 * push it when it has an upstream, and delete the local branches whose pull requests were merged
 * (squash merges included). Read state → plan → execute, in segments: a conflict stops the run
 * (exit 1) with the rebase or merge left for the user to continue or abort, and what ran before
 * it stays.
 */
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { syncMergeMessage } from '../core/conventional-messages.js';
import { isProtected, longLivedNames, placeOf } from '../core/branch-model.js';
import { EXIT_OK, FlowError, errorMessage } from '../errors.js';
import type { ForgeConnection } from '../flow/forge.js';
import { strictGit, Repo } from '../git/repo.js';
import { sequencerState } from '../hooks/context.js';
import { PlanError } from '../plan/executor.js';
import { runPlan } from '../plan/run-plan.js';
import type { Plan, Step } from '../plan/step.js';
import { ConflictError, deleteBranch, fetch, integrate, localAction, push } from '../plan/steps.js';
import { info, json, sanitize, success, warn } from '../ui/output.js';
import { cwdOption } from './options.js';

export interface SyncOptions {
  dryRun: boolean;
  json: boolean;
  /** false with --no-push */
  push: boolean;
  /** false with --no-prune */
  prune: boolean;
  cwd: string;
}

/** What sync needs from outside: injectable for tests. */
export interface SyncDeps {
  /** the forge for origin when it is known and a token is at hand, else undefined */
  connectForge(cwd: string, config: FlowgateConfig, onError: (message: string) => void): Promise<ForgeConnection | undefined>;
}

export function readOptions(raw: Record<string, unknown>): SyncOptions {
  return {
    dryRun: Boolean(raw.dryRun),
    json: Boolean(raw.json),
    push: raw.push !== false,
    prune: raw.prune !== false,
    cwd: cwdOption(raw),
  };
}

const defaultDeps: SyncDeps = {
  async connectForge(cwd, config, onError) {
    const { connectForge } = await import('../flow/forge.js');
    return connectForge(cwd, config, onError);
  },
};

/** Why a local branch counts as merged, or undefined when it does not. */
export interface Merged {
  branch: string;
  tip: string;
  reason: string;
  /** its commits are in the base only as a squash: a branch stacked on it must leave them out */
  squashed: boolean;
}

/** What a conflict stop tells the user to run once it is resolved. */
const RESUME = 'run `npx flowgate sync` again to push';

/** `git fetch --prune origin`: soft, so offline work goes on with what the clone knows. */
function fetchOrigin(): Step<void> {
  return { ...fetch('origin', ['--prune'], { what: 'origin (pruning branches deleted there)' }), summary: 'fetch origin (pruning branches deleted there)', detail: { remote: 'origin', prune: true } };
}

/** Move a local branch that is not checked out forward to its origin counterpart; undo puts it back. */
function fastForward(branch: string, from: string, oldSha: string, newSha: string): Step<void> {
  return localAction(
    'integrate',
    `fast-forward local ${branch} to ${from}`,
    { branch, onto: from, strategy: 'fast-forward' },
    async (ctx) => {
      await strictGit(ctx.cwd).raw(['update-ref', '-m', `flowgate sync: fast-forward to ${from}`, `refs/heads/${branch}`, newSha, oldSha]);
    },
    async (ctx) => {
      await strictGit(ctx.cwd).raw(['update-ref', `refs/heads/${branch}`, oldSha, newSha]);
    },
  );
}

/** The ref sync compares a base with: `origin/<base>` when origin has it, else the local one; each base read once. */
function baseRefs(repo: Repo): (base: string) => Promise<string | undefined> {
  const known = new Map<string, Promise<string | undefined>>();
  return (base) => {
    if (!known.has(base)) known.set(base, repo.startPoint(base).then((s) => s?.startPoint));
    return known.get(base)!;
  };
}

/** Branches checked out in this or another worktree: never moved or deleted behind its back. */
async function checkedOut(repo: Repo): Promise<Set<string>> {
  return new Set((await repo.worktrees()).flatMap((w) => (w.branch ? [w.branch] : [])));
}

/** Whether `sha` is on the first-parent line of `ref` (where a fresh branch starts; a merged one is a second parent). */
async function onFirstParentLine(repo: Repo, sha: string, ref: string): Promise<boolean> {
  const out = await repo.maybe(['rev-list', '--first-parent', '--reverse', `${sha}..${ref}`, '--']);
  const oldest = out?.split('\n').find(Boolean);
  if (!oldest) return true;
  return (await repo.commitOf(`${oldest}^1`)) === sha;
}

/** Whether the branch's reflog shows work of its own (a commit, a merge), not just its creation. */
async function hadCommits(repo: Repo, branch: string): Promise<boolean> {
  const out = (await repo.maybe(['reflog', 'show', '--format=%gs', `refs/heads/${branch}`, '--'])) ?? '';
  return out.split('\n').some((l) => /^(commit|merge|cherry-pick|revert|rebase)/.test(l));
}

type MergedLookup = (branch: string) => Promise<{ number: number; sha?: string; label: string }[] | undefined>;

/** Merged pull requests on the forge, by head branch; after one failure the trees decide alone. */
async function forgeLookup(cwd: string, config: FlowgateConfig, deps: SyncDeps): Promise<MergedLookup | undefined> {
  const connection = await deps.connectForge(cwd, config, (m) => warn(`could not reach the forge (${m}); comparing trees instead.`));
  if (!connection) return undefined;
  const { forge, remote } = connection;
  const label = (n: number) => (remote.provider === 'gitlab' ? `merge request !${n}` : `pull request #${n}`);
  let failed = false;
  return async (branch) => {
    if (failed) return undefined;
    try {
      return (await forge.mergedPullRequests(branch)).map((p) => ({ number: p.number, sha: p.headSha, label: label(p.number) }));
    } catch (error) {
      failed = true;
      warn(`could not ask the forge about merged pull requests (${errorMessage(error)}); comparing trees instead.`);
      return undefined;
    }
  };
}

/**
 * The local branches whose work is already in their base: the forge says a pull request from it
 * was merged at (or after) its tip, or its tip is in the base (a merge), or merging it into the
 * base would change nothing although it has changes of its own (a squash or rebase merge). A
 * branch never pushed whose tip sits on the base's first-parent line is a fresh branch, not a
 * merged one. Never the current, a protected or a long-lived branch.
 */
async function mergedBranches(
  repo: Repo,
  config: FlowgateConfig,
  current: string,
  ask: MergedLookup | undefined,
  busy: Set<string>,
  baseRef: (base: string) => Promise<string | undefined>,
): Promise<Merged[]> {
  const longLived = new Set(longLivedNames(config));
  const merged: Merged[] = [];
  for (const branch of await repo.branches()) {
    if (branch === current || longLived.has(branch) || isProtected(branch, config) || busy.has(branch)) continue;
    const { base } = placeOf(branch, config);
    if (!base) continue;
    const ref = await baseRef(base);
    const tip = await repo.commitOf(`refs/heads/${branch}`);
    if (!ref || !tip) continue;
    const inBase = await repo.isAncestor(tip, ref);

    const pulls = ask ? await ask(branch) : undefined;
    if (pulls) {
      let hit: { label: string } | undefined;
      for (const p of pulls) {
        // Only a merged head that holds the branch's tip covers it: later commits are unpushed work.
        if (p.sha && (p.sha === tip || ((await repo.commitOf(p.sha)) && (await repo.isAncestor(tip, p.sha))))) {
          hit = p;
          break;
        }
      }
      if (hit) {
        merged.push({ branch, tip, reason: `${hit.label} was merged`, squashed: !inBase });
        continue;
      }
    }
    if (inBase) {
      const pushed = (await repo.config(`branch.${branch}.merge`)) !== undefined;
      if (pushed || (await hadCommits(repo, branch)) || !(await onFirstParentLine(repo, tip, ref))) {
        merged.push({ branch, tip, reason: `it is merged into ${ref}`, squashed: false });
      }
      continue;
    }
    const fork = await repo.maybe(['merge-base', tip, ref]);
    if (!fork || (await repo.maybe(['diff', '--quiet', fork, tip, '--'])) !== undefined) continue; // no changes of its own
    const mergedTree = (await repo.maybe(['merge-tree', '--write-tree', ref, tip]))?.split('\n')[0];
    const baseTree = await repo.maybe(['rev-parse', `${ref}^{tree}`]);
    if (mergedTree && mergedTree === baseTree) merged.push({ branch, tip, reason: `its changes are in ${ref} (squash or rebase merge)`, squashed: true });
  }
  return merged;
}

export async function sync(opts: SyncOptions, deps: SyncDeps = defaultDeps): Promise<number> {
  const repo = await Repo.open(opts.cwd);
  const cwd = repo.root;
  const { config } = await loadConfig(opts.cwd);
  const busyWith = sequencerState(repo.gitDir);
  if (busyWith) {
    throw new FlowError(`A ${busyWith} is in progress; finish it (git ${busyWith} --continue) or abort it (git ${busyWith} --abort), then run \`npx flowgate sync\` again.`);
  }
  const branch = await repo.requireBranch('sync');
  if (await repo.hasTrackedChanges()) {
    throw new FlowError(`${sanitize(branch)} has uncommitted changes; commit them (or \`git stash\`) and run \`npx flowgate sync\` again.`);
  }
  if (!(await repo.hasRemote('origin'))) {
    throw new FlowError('There is no remote named origin to sync with; add one (git remote add origin <url>) and run the command again.');
  }

  const fetchStep = fetchOrigin();
  const report = {
    branch,
    strategy: config.sync.strategy,
    dryRun: opts.dryRun,
    updated: false,
    pushed: false,
    pruned: [] as { branch: string; reason: string }[],
    conflict: null as null | { files: string[]; strategy: string },
  };

  // 1. fetch (a dry run does not: it plans from what the clone last saw)
  if (!opts.dryRun) await runPlan([fetchStep], { cwd });

  // 2. read the state the fetch left, and plan the rest
  const protectedBranch = isProtected(branch, config) || longLivedNames(config).includes(branch);
  const { base } = placeOf(branch, config);
  const strategy = config.sync.strategy;
  const busy = await checkedOut(repo);
  const baseRef = baseRefs(repo);
  const pruning = opts.prune && config.sync.prune;
  // A long-lived branch follows origin's copy even when no upstream is configured.
  const upstreamName =
    (await repo.maybe(['rev-parse', '--abbrev-ref', '--symbolic-full-name', `${branch}@{upstream}`])) ||
    (protectedBranch && (await repo.commitOf(`refs/remotes/origin/${branch}`)) ? `origin/${branch}` : undefined);
  const upstreamSha = upstreamName ? await repo.commitOf(upstreamName) : undefined;
  const upstreamGone = !upstreamName && (await repo.config(`branch.${branch}.merge`)) !== undefined;
  const head = (await repo.commitOf('HEAD'))!;

  const update: Plan = [];
  if (upstreamName && upstreamSha && !(await repo.isAncestor(upstreamSha, head))) {
    const behindOnly = await repo.isAncestor(head, upstreamSha);
    if (protectedBranch || behindOnly) {
      if (!behindOnly) {
        throw new FlowError(
          `${sanitize(branch)} has commits that ${upstreamName} lacks, and ${sanitize(branch)} changes only through pull requests; move them to a branch (\`git switch -c feature/<name>\`), reset ${sanitize(branch)} (\`git reset --hard ${upstreamName}\`), and sync again.`,
        );
      }
      update.push(integrate(branch, upstreamName, { strategy: 'merge', ffOnly: true })); // never a merge commit, whatever merge.ff says
    } else {
      update.push(integrate(branch, upstreamName, { strategy, message: syncMergeMessage(upstreamName, branch), resume: RESUME }));
    }
  }
  // The forge is asked only once the cheap local refusals above have had their say.
  const merged = pruning ? await mergedBranches(repo, config, branch, await forgeLookup(cwd, config, deps), busy, baseRef) : [];
  let onto: string | undefined;
  if (!protectedBranch && base) {
    onto = await baseRef(base);
    if (!onto) warn(`${sanitize(branch)}'s base ${sanitize(base)} exists neither on origin nor here; only its own upstream is synced.`);
  }
  if (onto) {
    const ontoSha = (await repo.commitOf(onto))!;
    if (!(await repo.isAncestor(ontoSha, head)) || update.length > 0) {
      // A parent that was squash-merged: its commits are in the base only as the squash, so
      // replaying them would conflict with themselves (git-town#3236). Rebase leaves them out.
      const parent = strategy === 'rebase' ? await stackedParent(repo, merged, head, ontoSha) : undefined;
      update.push(integrate(branch, onto, { strategy, message: syncMergeMessage(onto, branch), from: parent?.tip, resume: RESUME }));
    }
  }
  // Local copies of the base branches that lag behind origin move forward too.
  const bases = new Set([config.branches.main, ...(config.branches.develop ? [config.branches.develop] : []), ...(base ? [base] : [])]);
  for (const b of bases) {
    if (b === branch || busy.has(b)) continue;
    const local = await repo.commitOf(`refs/heads/${b}`);
    const remote = await repo.commitOf(`refs/remotes/origin/${b}`);
    if (local && remote && local !== remote && (await repo.isAncestor(local, remote))) update.push(fastForward(b, `origin/${b}`, local, remote));
  }

  // 3. push: a branch with an upstream (never a protected one) whose commits origin lacks
  const pushSteps: Plan = [];
  const rewrites = strategy === 'rebase' && update.some((s) => s.kind === 'integrate' && (s.detail as { strategy?: string }).strategy === 'rebase');
  if (opts.push && !protectedBranch && upstreamName && upstreamName.startsWith('origin/')) {
    if (update.length > 0 || (upstreamSha && upstreamSha !== head)) {
      pushSteps.push(push('origin', branch, { forceWithLease: rewrites && upstreamSha ? upstreamSha : undefined }));
    }
  }

  // 4. prune
  const prune: Plan = merged.map((m) => ({ ...deleteBranch(m.branch, { force: true }), summary: `delete local branch ${m.branch} (${m.reason})`, soft: true }) as Step);

  if (opts.dryRun) {
    const all = [fetchStep, ...update, ...pushSteps, ...prune];
    await runPlan(all, { cwd, dryRun: true, json: opts.json, document: { branch, strategy } });
    return EXIT_OK;
  }

  const fail = (error: unknown): never => {
    if (opts.json) json({ ...report, error: errorMessage(error) });
    throw error;
  };
  try {
    // One step at a time: a conflict in the second integration keeps the first.
    for (const step of update) {
      const done = await runPlan([step], { cwd });
      if ((done.results[0] as { changed?: boolean } | undefined)?.changed !== false) report.updated = true;
    }
  } catch (error) {
    if (error instanceof PlanError && error.cause instanceof ConflictError) report.conflict = { files: error.cause.files, strategy: error.cause.strategy };
    return fail(error);
  }
  if (pushSteps.length > 0) {
    try {
      await runPlan(pushSteps, { cwd });
      report.pushed = true;
    } catch (error) {
      if (!opts.json) info(`${sanitize(branch)} is up to date here; only the push is missing (\`git push${rewrites ? ' --force-with-lease' : ''}\`).`);
      return fail(error);
    }
  }
  if (prune.length > 0) {
    const done = await runPlan(prune, { cwd });
    done.steps.forEach((s, i) => {
      if (s.status === 'done') report.pruned.push({ branch: merged[i]!.branch, reason: merged[i]!.reason });
    });
  }

  if (upstreamGone) info(`${sanitize(branch)}'s branch on origin is gone (merged and deleted?); when its pull request is merged, switch to ${sanitize(base ?? config.branches.main)} and sync to delete it here.`);
  if (report.updated) success(`${sanitize(branch)} is up to date with ${[upstreamName, onto].filter(Boolean).join(' and ')}${report.pushed ? ', and pushed' : ''}.`);
  else if (report.pushed) success(`Pushed ${sanitize(branch)}.`);
  else success(`${sanitize(branch)} was already up to date.`);
  for (const p of report.pruned) success(`Deleted ${sanitize(p.branch)}: ${p.reason}.`);
  if (opts.json) json(report);
  return EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return sync(readOptions(options));
}

/** A merged (squashed) branch whose tip the current branch is built on: the parent of a stack that shipped. */
async function stackedParent(repo: Repo, merged: Merged[], head: string, onto: string): Promise<Merged | undefined> {
  for (const m of merged) {
    if (!m.squashed || m.tip === head) continue;
    if ((await repo.isAncestor(m.tip, head)) && !(await repo.isAncestor(m.tip, onto))) return m;
  }
  return undefined;
}
