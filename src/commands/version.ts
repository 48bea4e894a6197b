import { loadConfig } from '../config/load.js';
import { EXIT_OK } from '../errors.js';
import { computeVersion } from '../release/plan.js';
import { resolveCommit, tagExists } from '../release/repo.js';
import { Repo } from '../git/repo.js';
import { info, json, result, warn } from '../ui/output.js';
import { cwdOption } from './options.js';

export interface VersionOptions {
  json: boolean;
  cwd: string;
}

export function readOptions(raw: Record<string, unknown>): VersionOptions {
  return { json: Boolean(raw.json), cwd: cwdOption(raw) };
}

/** `flow version [--json]`: the next version from the conventional commits since the last release tag. */
export async function version(options: VersionOptions): Promise<number> {
  const { cwd } = options;
  await Repo.open(cwd); // the one "am I in a repository?" check
  const { config, dir } = await loadConfig(cwd);
  const head = resolveCommit(cwd, 'HEAD');
  const state = await computeVersion(cwd, { to: head, tagPrefix: config.tagPrefix, packageDir: dir });

  const since = state.tag ? state.tag.tag : 'the first commit';
  if (state.bump === 'none') info(`No commits since ${since}: nothing to release; the version stays ${state.current}.`);
  else if (state.bump !== 'exact' && tagExists(cwd, `${config.tagPrefix}${state.next}`)) {
    warn(`the tag ${config.tagPrefix}${state.next} already exists but is not reachable from HEAD; merge the released branch back, or give the version explicitly.`);
  }

  if (options.json) {
    json({
      current: state.current,
      next: state.next,
      bump: state.bump,
      commits: state.commits.length,
      tag: state.tag?.tag ?? null,
      source: state.source,
    });
  } else {
    result(state.next);
  }
  return EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return version(readOptions(options));
}
