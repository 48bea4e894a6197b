/**
 * `semver.valid(version)` (strict) for a string, without semver: @commitlint/is-ignored calls
 * only this on every commit, and semver builds some forty regexes as it loads. The hook bundles
 * put it in semver's place for is-ignored (scripts/hook-bundle.js); the tests hold it to semver.
 */

/** semver's strict FULL pattern. semver bounds its repeats (a ReDoS guard), but no bound binds
 * within MAX_LENGTH characters. */
const IDENTIFIER = '(?:\\d*[a-zA-Z-][a-zA-Z0-9-]*|0|[1-9]\\d*)';
const FULL = new RegExp(`^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*)?$`);
/** checked before trimming, as semver does */
const MAX_LENGTH = 256;

/** The normalized version (no `v`, no build metadata), or null when semver would reject it. */
export function semverValid(version: string): string | null {
  if (version.length > MAX_LENGTH) return null;
  const m = FULL.exec(version.trim());
  if (!m || [m[1], m[2], m[3]].some((n) => Number(n) > Number.MAX_SAFE_INTEGER)) return null;
  // No leading zeros and within the safe range: each number (and each numeric prerelease
  // identifier semver turns into a number) prints back as written.
  return `${m[1]}.${m[2]}.${m[3]}${m[4] ? `-${m[4]}` : ''}`;
}
