import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FlowError } from '../errors.js';
import { git, gitMaybe, gitRaw } from '../git/exec.js';
import { parsePackageJson } from '../core/package-json.js';
import { highestTag, releaseTagGlobs, tagVersion } from '../core/version.js';
import semver from 'semver';

/** Read-only git queries the release commands need. */

/** A ref (branch, tag, sha, `HEAD~2`) resolved to a commit sha; a clear error when it does not exist. */
export function resolveCommit(cwd: string, ref: string, what = 'ref'): string {
  const sha = gitMaybe(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd });
  if (!sha) {
    if (ref === 'HEAD') throw new FlowError('The repository has no commits yet; commit something first.');
    throw new FlowError(`The ${what} '${ref}' is not a commit in this repository; give a branch, tag or commit that exists.`);
  }
  return sha;
}

export interface ReleaseTag {
  tag: string;
  version: string;
  sha: string;
}

/**
 * Release tags reachable from `sha` (`git tag --merged`, the prefix's globs), each with the commit
 * it peels to, from one git call.
 */
function releaseTags(cwd: string, sha: string, prefix: string): ReleaseTag[] {
  const format = '--format=%(refname:lstrip=2) %(objectname) %(*objectname) %(*objecttype)';
  const lines = git(['tag', '--list', '--merged', sha, format, '--', ...releaseTagGlobs(prefix)], { cwd }).split('\n');
  return lines.flatMap((line) => {
    const [tag = '', object = '', peeled, peeledType] = line.split(' ');
    const version = tagVersion(tag, prefix);
    if (!version) return [];
    // lightweight: the commit itself; annotated: its target, unless that is a tag again
    const commit = !peeled ? object : peeledType === 'commit' ? peeled : git(['rev-parse', '--verify', `refs/tags/${tag}^{commit}`], { cwd });
    return [{ tag, version, sha: commit }];
  });
}

/**
 * The highest release tag reachable from `sha`, optionally leaving out those on `sha` itself;
 * `below` keeps only lower versions, and for a stable `below` only stable ones (the release before
 * v2.0.0 is v1.x, not v2.0.0-rc.1).
 */
export function lastReleaseTag(cwd: string, sha: string, prefix: string, opts: { excludeAt?: boolean; below?: string } = {}): ReleaseTag | undefined {
  let tags = releaseTags(cwd, sha, prefix);
  if (opts.excludeAt) tags = tags.filter((t) => t.sha !== sha);
  const below = opts.below;
  if (below) {
    const stable = semver.prerelease(below) === null;
    tags = tags.filter((t) => semver.lt(t.version, below) && (!stable || semver.prerelease(t.version) === null));
  }
  const best = highestTag(tags.map((t) => t.tag), prefix);
  return best && tags.find((t) => t.tag === best.tag);
}

/** Release tags that point at `sha`. */
export function tagsAt(cwd: string, sha: string, prefix: string): string[] {
  return git(['tag', '--list', '--points-at', sha, '--', ...releaseTagGlobs(prefix)], { cwd })
    .split('\n')
    .filter((t) => t && tagVersion(t, prefix));
}

/** Release tags reachable from `to` and not from `from` (all reachable from `to` when `from` is undefined), oldest version first, one per commit. */
export function releaseTagsBetween(cwd: string, from: string | undefined, to: string, prefix: string): ReleaseTag[] {
  const before = new Set(from ? releaseTags(cwd, from, prefix).map((t) => t.tag) : []);
  const bySha = new Map<string, ReleaseTag>();
  for (const tag of releaseTags(cwd, to, prefix)) {
    if (before.has(tag.tag) || (from && tag.sha === from)) continue;
    const seen = bySha.get(tag.sha);
    if (!seen || semver.gt(tag.version, seen.version)) bySha.set(tag.sha, tag);
  }
  return [...bySha.values()].sort((a, b) => semver.compare(a.version, b.version));
}

/** The day a release was made: its tagged commit's committer date, in UTC (as conventional-changelog dates it). */
export function releaseDate(cwd: string, sha: string): string {
  const iso = git(['log', '-1', '--format=%cI', sha], { cwd });
  return new Date(iso).toISOString().slice(0, 10);
}

export function tagExists(cwd: string, tag: string): boolean {
  return gitRaw(['show-ref', '--verify', '--quiet', `refs/tags/${tag}`], { cwd }).code === 0;
}

/** A file's text at a commit; the work tree's file when git does not track it (untracked files stay across a switch). */
export function fileAt(cwd: string, file: string, sha: string): string | undefined {
  const top = git(['rev-parse', '--show-toplevel'], { cwd });
  const rel = relative(top, file).split(sep).join('/');
  if (!rel.startsWith('..')) {
    const text = gitRawText(['show', `${sha}:${rel}`], top);
    if (text !== undefined) return text;
    // tracked in the checked-out branch but not at `sha`: it belongs to another branch
    if (gitRaw(['ls-files', '--error-unmatch', '--', rel], { cwd: top }).code === 0) return undefined;
  }
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** package.json's text at a commit (the work tree's file when it is not tracked there). */
export function packageJsonAt(cwd: string, packageDir: string, sha: string): string | undefined {
  return fileAt(cwd, join(packageDir, 'package.json'), sha);
}

/** stdout untouched (no trimming: file contents keep their final newline), or undefined on failure. */
function gitRawText(args: string[], cwd: string): string | undefined {
  const r = gitRaw(args, { cwd });
  return r.code === 0 ? r.stdout : undefined;
}

export function packageVersion(text: string | undefined): string | undefined {
  const version = text === undefined ? undefined : parsePackageJson(text).data?.version;
  return typeof version === 'string' ? version : undefined;
}
