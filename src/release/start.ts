import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FlowgateConfig } from '../config/types.js';
import { parseVersionRequest } from '../core/version.js';
import { FlowError, UsageError, errorMessage } from '../errors.js';
import { git, gitMaybe, gitRaw } from '../git/exec.js';
import { sanitize, warn } from '../ui/output.js';
import { renderSection } from './changelog.js';
import { prependSection } from './changelog-file.js';
import { setPackageVersion } from './package-json.js';
import { computeVersion } from './plan.js';
import { repoLinks } from './remote.js';
import { fetchBase, hasOrigin } from '../flow/start-branch.js';
import { baseStartPoint } from '../flow/worktree.js';
import { branchExists, fileAt, resolveCommit, tagExists } from './repo.js';

/**
 * `flow release start`: read the state, plan the release (version, files), then execute
 * (branch, files, commit). Nothing changes before the plan is complete; a refused commit
 * is rolled back.
 */

export interface ReleaseStartInput {
  cwd: string;
  /** the package directory: where package.json and CHANGELOG.md live */
  dir: string;
  config: FlowgateConfig;
  /** `1.4.0`, `v1.4.0`, `major`, `minor`, `patch`, or undefined to compute it */
  version?: string;
  fetch: boolean;
}

export interface ReleasePlan {
  branch: string;
  version: string;
  previous: string;
  bump: string;
  base: string;
  /** `origin/develop` or `develop` */
  startPoint: string;
  startSha: string;
  commits: number;
  /** the new package.json text, or undefined to leave it (none, or no version field) */
  packageJson?: { file: string; text: string };
  packageNote?: string;
  changelog: { file: string; text: string; replaced: boolean; created: boolean };
}

export interface ReleaseDone extends ReleasePlan {
  commit: string;
}

/** After the fetch: `origin/<base>` when it exists, else the local `<base>` (the spec's start base). */
function startPointOf(cwd: string, base: string, origin: boolean, main: string): { startPoint: string; sha: string } {
  const start = baseStartPoint(cwd, base, origin);
  if (start) return { startPoint: start.startPoint, sha: start.sha };
  const hint =
    base === main
      ? `create it first, or set branches.main in the flowgate config`
      : `create it with \`git branch ${base} ${main}\`, or set branches.develop to null in the flowgate config for trunk-based work`;
  throw new FlowError(`There is no branch '${base}' to start the release from, locally or on origin; ${hint}.`);
}

/** Files the release commit writes must not carry someone's uncommitted edits. */
function refuseLocalEdits(cwd: string, files: string[]): void {
  const edited = files.filter((file) => git(['status', '--porcelain', '--untracked-files=no', '--', file], { cwd }).trim() !== '');
  if (edited.length) {
    const names = edited.map((f) => relative(cwd, f) || f);
    throw new FlowError(
      `${names.join(' and ')} ${names.length > 1 ? 'have' : 'has'} uncommitted changes; commit or stash them first, then run flow release start again.`,
    );
  }
}

/** Read the state and plan the release. Changes nothing except remote-tracking refs (the fetch). */
export async function planRelease(input: ReleaseStartInput): Promise<ReleasePlan> {
  const { cwd, dir, config } = input;
  const parsed = parseVersionRequest(input.version);
  if (!parsed.ok) throw new UsageError(`${parsed.reason}.`);
  const base = config.branches.develop ?? config.branches.main;
  const pkgFile = join(dir, 'package.json');
  const changelogFile = join(dir, 'CHANGELOG.md');
  refuseLocalEdits(cwd, [pkgFile, changelogFile]);

  const origin = hasOrigin(cwd);
  if (origin && input.fetch) fetchBase(cwd, base);
  const { startPoint, sha: startSha } = startPointOf(cwd, base, origin, config.branches.main);
  if (startPoint !== base) {
    const ahead = Number(gitMaybe(['rev-list', '--count', `${startSha}..refs/heads/${base}`], { cwd }) ?? '0');
    if (ahead > 0) {
      warn(`your local ${base} has ${ahead} commit${ahead === 1 ? '' : 's'} that origin does not; the release starts from ${startPoint} without ${ahead === 1 ? 'it' : 'them'}.`);
    }
  }

  const state = await computeVersion(cwd, { to: startSha, tagPrefix: config.tagPrefix, packageDir: dir, request: parsed.request });
  if (state.bump === 'none') {
    throw new FlowError(
      `There are no commits on ${startPoint} since ${state.tag?.tag ?? state.current}, so there is nothing to release; give a version (flow release start patch) to release anyway.`,
    );
  }
  const version = state.next;
  const branch = `release/${version}`;
  if (branchExists(cwd, branch)) {
    throw new FlowError(`A branch named '${branch}' already exists; switch to it with \`git switch ${branch}\`, or give another version.`);
  }
  const tag = `${config.tagPrefix}${version}`;
  if (tagExists(cwd, tag)) {
    throw new FlowError(`The tag ${tag} already exists, so ${version} was released before; merge that release back into ${base}, or give a higher version.`);
  }

  // package.json: only the version field changes.
  let packageJson: ReleasePlan['packageJson'];
  let packageNote: string | undefined;
  const pkgText = fileAt(cwd, pkgFile, startSha);
  if (pkgText !== undefined) {
    const text = setPackageVersion(pkgText, version);
    if (text) packageJson = { file: pkgFile, text };
    else packageNote = `${relative(cwd, pkgFile) || 'package.json'} has no top-level "version" string; left it as it is.`;
  } else {
    packageNote = 'no package.json here; only CHANGELOG.md gets the release.';
  }

  const links = await repoLinks(cwd, config);
  const section = sanitize(
    await renderSection(state.commits, { version, previousTag: state.tag?.tag, currentTag: tag, links }),
  );
  const existing = fileAt(cwd, changelogFile, startSha);
  const out = prependSection(existing, section, version);

  return {
    branch,
    version,
    previous: state.current,
    bump: state.bump,
    base,
    startPoint,
    startSha,
    commits: state.commits.length,
    packageJson,
    packageNote,
    changelog: { file: changelogFile, ...out },
  };
}

function currentBranch(cwd: string): { branch?: string; sha?: string } {
  const branch = gitMaybe(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd });
  if (branch) return { branch };
  return { sha: gitMaybe(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd }) };
}

/** Execute the plan: create and check out the branch, write the files, commit `chore(release): <version>`. */
export async function executeRelease(cwd: string, plan: ReleasePlan, main: string): Promise<ReleaseDone> {
  const before = currentBranch(cwd);
  const { createFlowBranch } = await import('../flow/start-branch.js');
  const created = await createFlowBranch({ cwd, name: plan.branch, base: plan.base, fetch: false, main });
  const startSha = resolveCommit(cwd, 'HEAD');
  if (startSha !== plan.startSha) {
    warn(`${plan.branch} started from ${created.startPoint}, which moved while planning; the changelog covers the commits up to ${plan.startSha.slice(0, 7)}.`);
  }

  // What each file was before we touched it, to put it back if the commit is refused.
  const saved = new Map<string, { tracked: boolean; text?: string }>();
  for (const file of [plan.packageJson?.file, plan.changelog.file]) {
    if (!file) continue;
    const tracked = gitRaw(['ls-files', '--error-unmatch', '--', file], { cwd }).code === 0;
    saved.set(file, { tracked, text: !tracked && existsSync(file) ? readFileSync(file, 'utf8') : undefined });
  }
  const files: string[] = [];
  try {
    if (plan.packageJson) {
      files.push(plan.packageJson.file);
      writeFileSync(plan.packageJson.file, plan.packageJson.text);
    }
    files.push(plan.changelog.file);
    writeFileSync(plan.changelog.file, plan.changelog.text);
    git(['add', '--', ...files], { cwd });
  } catch (error) {
    rollback(cwd, plan, before, files, saved);
    throw new FlowError(`Could not write the release files (${errorMessage(error)}); nothing was changed.`);
  }

  // The project's hooks run: their output goes to stderr, stdout stays for the result.
  const message = `chore(release): ${plan.version}`;
  const r = spawnSync('git', ['commit', '--quiet', '-m', message, '--', ...files], { cwd, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    const undone = rollback(cwd, plan, before, files, saved);
    throw new FlowError(
      undone
        ? `git refused the release commit '${message}' (see above); nothing was changed: fix the cause and run flow release start again.`
        : `git refused the release commit '${message}' (see above), and ${plan.branch} could not be undone; commit package.json and CHANGELOG.md there yourself, or delete the branch.`,
    );
  }
  return { ...plan, commit: resolveCommit(cwd, 'HEAD') };
}

/** Put everything back as it was before `executeRelease`: files, checked-out branch, no release branch. */
function rollback(
  cwd: string,
  plan: ReleasePlan,
  before: { branch?: string; sha?: string },
  files: string[],
  saved: Map<string, { tracked: boolean; text?: string }>,
): boolean {
  let ok = true;
  const run = (args: string[]) => {
    if (gitRaw(args, { cwd }).code !== 0) ok = false;
  };
  for (const file of files) {
    const was = saved.get(file);
    if (was?.tracked) {
      run(['restore', '--staged', '--worktree', '--source=HEAD', '--', file]);
      continue;
    }
    gitRaw(['rm', '--cached', '--quiet', '--ignore-unmatch', '--', file], { cwd });
    try {
      if (was?.text !== undefined) writeFileSync(file, was.text);
      else rmSync(file, { force: true });
    } catch {
      ok = false;
    }
  }
  if (before.branch) run(['switch', '--quiet', before.branch]);
  else if (before.sha) run(['switch', '--quiet', '--detach', before.sha]);
  else ok = false;
  if (ok) run(['branch', '--quiet', '-D', plan.branch]);
  return ok;
}
