import semver from 'semver';
import { nextVersion, type BumpCommit, type NextVersion, type VersionRequest } from '../core/version.js';
import { gitMaybe } from '../git/exec.js';
import { FlowError } from '../errors.js';
import { readCommits, type ParsedCommit } from './commits.js';
import { lastReleaseTag, packageJsonAt, packageVersion, type ReleaseTag } from './repo.js';

export interface VersionState extends NextVersion {
  /** the last release tag the commits are counted from; undefined when there is none */
  tag?: ReleaseTag;
  /** where the current version came from */
  source: 'tag' | 'package.json' | 'default';
  /** the commit the commits are counted up to */
  to: string;
  commits: ParsedCommit[];
}

/**
 * Read the state and compute the next version at commit `to`: the current version is the
 * highest release tag reachable from `to`, else package.json's version, else 0.0.0; the
 * commits are those since that tag (all of them when there is none).
 */
export async function computeVersion(
  cwd: string,
  opts: { to: string; tagPrefix: string; packageDir: string; request?: VersionRequest },
): Promise<VersionState> {
  const tag = lastReleaseTag(cwd, opts.to, opts.tagPrefix);
  let current = tag?.version;
  let source: VersionState['source'] = 'tag';
  if (!current) {
    const fromPackage = packageVersion(packageJsonAt(cwd, opts.packageDir, opts.to));
    const valid = fromPackage ? semver.valid(fromPackage) : null;
    current = valid ?? '0.0.0';
    source = valid ? 'package.json' : 'default';
  }
  const commits = await readCommits(cwd, tag?.sha, opts.to);
  let counted: readonly BumpCommit[] = commits;
  // Only merges since a prerelease (the release branch landing): that is the release to make,
  // as conventional-recommended-bump counts it.
  if (commits.length === 0 && tag && semver.prerelease(current) && (gitMaybe(['rev-list', '--count', '--merges', `${tag.sha}..${opts.to}`, '--'], { cwd }) ?? '0') !== '0') {
    counted = [{ type: null, notes: [] }];
  }
  const next = nextVersion(current, counted, opts.request);
  if (!next.ok) throw new FlowError(`Cannot choose the next version: ${next.reason}.`);
  return { ...next.value, tag, source, to: opts.to, commits };
}
