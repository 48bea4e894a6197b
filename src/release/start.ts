import { join, relative } from 'node:path';
import type { FlowgateConfig } from '../config/types.js';
import { andList } from '../core/english.js';
import { parseVersionRequest } from '../core/version.js';
import { FlowError, UsageError } from '../errors.js';
import { noBaseError } from '../flow/base.js';
import { git } from '../git/exec.js';
import type { Repo } from '../git/repo.js';
import type { Plan } from '../plan/step.js';
import { commit, createBranch, stage, writeFile } from '../plan/steps.js';
import { sanitize, warn } from '../ui/output.js';
import { renderSection } from './changelog.js';
import { prependSection } from './changelog-file.js';
import { setPackageVersion } from './package-json.js';
import { computeVersion } from './plan.js';
import { repoLinks } from './remote.js';
import { fileAt, tagExists } from './repo.js';

/**
 * `flow release start`: read the state and plan the release (version, files) → the steps
 * (branch, files, stage, commit) → the executor, whose undo puts everything back when the
 * commit is refused. Nothing changes before the plan is complete.
 */

export interface ReleaseStartInput {
  repo: Repo;
  cwd: string;
  /** the package directory: where package.json and CHANGELOG.md live */
  dir: string;
  config: FlowgateConfig;
  /** there is a remote named origin */
  origin: boolean;
  /** `1.4.0`, `v1.4.0`, `major`, `minor`, `patch`, or undefined to compute it */
  version?: string;
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

/** After the fetch: `origin/<base>` when it exists, else the local `<base>` (the spec's start base). */
async function startPointOf(repo: Repo, base: string, main: string, origin: boolean): Promise<{ startPoint: string; sha: string }> {
  const start = await repo.startPoint(base, origin);
  if (start) return { startPoint: start.startPoint, sha: start.sha };
  throw noBaseError(base, main, 'start the release');
}

/** Files the release commit writes must not carry someone's uncommitted edits. */
function refuseLocalEdits(cwd: string, files: string[]): void {
  const edited = files.filter((file) => git(['status', '--porcelain', '--untracked-files=no', '--', file], { cwd }).trim() !== '');
  if (edited.length) {
    const names = edited.map((f) => relative(cwd, f) || f);
    throw new FlowError(
      `${andList(names)} ${names.length > 1 ? 'have' : 'has'} uncommitted changes; commit or stash them first, then run flow release start again.`,
    );
  }
}

/** Read the state and plan the release. Changes nothing except remote-tracking refs (the fetch). */
export async function planRelease(input: ReleaseStartInput): Promise<ReleasePlan> {
  const { repo, cwd, dir, config } = input;
  const parsed = parseVersionRequest(input.version);
  if (!parsed.ok) throw new UsageError(`${parsed.reason}.`);
  const base = config.branches.develop ?? config.branches.main;
  const pkgFile = join(dir, 'package.json');
  const changelogFile = join(dir, 'CHANGELOG.md');
  refuseLocalEdits(cwd, [pkgFile, changelogFile]);

  const { startPoint, sha: startSha } = await startPointOf(repo, base, config.branches.main, input.origin);
  if (startPoint !== base) {
    const ahead = Number((await repo.maybe(['rev-list', '--count', `${startSha}..refs/heads/${base}`])) ?? '0');
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
  if (await repo.hasBranch(branch)) {
    throw new FlowError(`A branch named '${branch}' already exists; switch to it with \`git switch ${branch}\`, or give another version.`);
  }
  if (await repo.commitOf(`refs/remotes/origin/${branch}`)) {
    throw new FlowError(`A branch named '${branch}' already exists on origin; check it out with \`git switch ${branch}\`, or give another version.`);
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

/** The steps: create and check out the branch, write the files, stage them, commit `chore(release): <version>`. */
export function releaseSteps(plan: ReleasePlan, root: string): Plan {
  const shown = (file: string) => relative(root, file) || file;
  const files = [plan.packageJson?.file, plan.changelog.file].filter((f): f is string => f !== undefined).map(shown);
  return [
    createBranch(plan.branch, plan.startPoint),
    ...(plan.packageJson ? [writeFile(plan.packageJson.file, plan.packageJson.text, { display: shown(plan.packageJson.file) })] : []),
    writeFile(plan.changelog.file, plan.changelog.text, { display: shown(plan.changelog.file) }),
    stage(files),
    commit(`chore(release): ${plan.version}`, { paths: files }),
  ];
}
