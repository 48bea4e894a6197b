import semver from 'semver';

/**
 * Next-version rules. Pure: the commits come in already parsed (conventional-commits-parser
 * with the conventionalcommits preset), the current version as a string.
 *
 * - a breaking change (`feat!:` or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer) → major
 * - `feat` (or `feature`) → minor
 * - anything else (fix, perf, chore, docs, a revert, a non-conventional message) → patch
 * - below 1.0.0 everything moves one level down for breaking changes only:
 *   breaking → minor, feat → minor, the rest → patch. Leaving 0.x is an explicit decision
 *   (`flow release start major` or `1.0.0`).
 */
export type Bump = 'major' | 'minor' | 'patch';

/** The parts of a parsed commit the rules read. */
export interface BumpCommit {
  type?: string | null;
  notes: readonly { title: string; text?: string }[];
}

const ORDER: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };
const BREAKING_NOTE = /^BREAKING[ -]CHANGES?$/i;

export function isBreaking(commit: BumpCommit): boolean {
  return commit.notes.some((note) => BREAKING_NOTE.test(note.title.trim()));
}

/** The bump one commit asks for, before the pre-1.0 rule. */
export function commitBump(commit: BumpCommit): Bump {
  if (isBreaking(commit)) return 'major';
  const type = (commit.type ?? '').toLowerCase();
  if (type === 'feat' || type === 'feature') return 'minor';
  return 'patch';
}

/** The largest bump the commits ask for; undefined when there are no commits. */
export function bumpFor(commits: readonly BumpCommit[]): Bump | undefined {
  let bump: Bump | undefined;
  for (const commit of commits) {
    const b = commitBump(commit);
    if (!bump || ORDER[b] > ORDER[bump]) bump = b;
    if (bump === 'major') break;
  }
  return bump;
}

/** Apply the pre-1.0 rule: below 1.0.0 a breaking change bumps the minor version. */
export function effectiveBump(current: string, bump: Bump): Bump {
  return bump === 'major' && semver.major(current) === 0 ? 'minor' : bump;
}

/**
 * `current` bumped by `bump` (semver.inc). A prerelease is released as its own version when the
 * bump does not go past it: 2.0.0-rc.1 + patch, minor or major → 2.0.0.
 */
export function bumpVersion(current: string, bump: Bump): string {
  const next = semver.inc(current, bump);
  if (!next) throw new Error(`cannot bump '${current}'`);
  return next;
}

/**
 * Strip a tag prefix and return the semantic version, or undefined when the tag is not a release
 * tag. With the default prefix `v` a bare version (`8.0.1`) is a release tag too, as
 * conventional-changelog reads tags.
 */
export function tagVersion(tag: string, prefix: string): string | undefined {
  const candidates = prefix === 'v' ? [tag.startsWith('v') ? tag.slice(1) : tag] : tag.startsWith(prefix) ? [tag.slice(prefix.length)] : [];
  for (const rest of candidates) {
    const valid = semver.valid(rest);
    if (valid !== null && valid === rest) return valid;
  }
  return undefined;
}

/** The git tag globs that can hold release tags for `prefix`. */
export function releaseTagGlobs(prefix: string): string[] {
  return prefix === 'v' ? ['v[0-9]*', '[0-9]*'] : [`${prefix}[0-9]*`];
}

/** The highest release tag among `tags` (by semantic version, not by date). */
export function highestTag(tags: readonly string[], prefix: string): { tag: string; version: string } | undefined {
  let best: { tag: string; version: string } | undefined;
  for (const tag of tags) {
    const version = tagVersion(tag, prefix);
    if (version && (!best || semver.gt(version, best.version))) best = { tag, version };
  }
  return best;
}

export type VersionRequest =
  | { kind: 'computed' }
  | { kind: 'bump'; bump: Bump }
  | { kind: 'exact'; version: string };

/** Read the `[version|major|minor|patch]` argument. */
export function parseVersionRequest(arg: string | undefined): { ok: true; request: VersionRequest } | { ok: false; reason: string } {
  const text = (arg ?? '').trim();
  if (text === '') return { ok: true, request: { kind: 'computed' } };
  const lower = text.toLowerCase();
  if (lower === 'major' || lower === 'minor' || lower === 'patch') return { ok: true, request: { kind: 'bump', bump: lower } };
  const bare = text.replace(/^v/, '');
  const valid = semver.valid(bare);
  if (valid === null || valid !== bare) {
    return { ok: false, reason: `'${text}' is not a version; give one such as 1.4.0, or major, minor or patch` };
  }
  return { ok: true, request: { kind: 'exact', version: valid } };
}

export interface NextVersion {
  current: string;
  next: string;
  /** what moved: major, minor, patch; `none` when there is nothing to release; `exact` for a given version */
  bump: Bump | 'none' | 'exact';
  /** how the version was chosen */
  reason: 'commits' | 'argument' | 'no-commits';
}

/**
 * The next version from the current one, the commits since it and an optional request.
 * An exact request must be above the current version. Pure.
 */
export function nextVersion(
  current: string,
  commits: readonly BumpCommit[],
  request: VersionRequest = { kind: 'computed' },
): { ok: true; value: NextVersion } | { ok: false; reason: string } {
  const base = semver.valid(current);
  if (!base) return { ok: false, reason: `the current version '${current}' is not a semantic version` };
  if (request.kind === 'exact') {
    if (!semver.gt(request.version, base)) {
      return { ok: false, reason: `version ${request.version} is not above the current version ${base}; give a higher one` };
    }
    return { ok: true, value: { current: base, next: request.version, bump: 'exact', reason: 'argument' } };
  }
  if (request.kind === 'bump') {
    return { ok: true, value: { current: base, next: bumpVersion(base, request.bump), bump: request.bump, reason: 'argument' } };
  }
  const asked = bumpFor(commits);
  if (!asked) return { ok: true, value: { current: base, next: base, bump: 'none', reason: 'no-commits' } };
  const bump = effectiveBump(base, asked);
  return { ok: true, value: { current: base, next: bumpVersion(base, bump), bump, reason: 'commits' } };
}
