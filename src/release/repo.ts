import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FlowError } from '../errors.js';
import { git, gitMaybe, gitRaw } from '../git/exec.js';
import { highestTag, tagVersion } from '../core/version.js';

/** Read-only git queries the release commands need. */

export function repoRoot(cwd: string): string {
  const top = gitMaybe(['rev-parse', '--show-toplevel'], { cwd });
  if (!top) throw new FlowError(`${cwd} is not inside a git work tree; run this in your repository.`);
  return top;
}

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

/** Release tags (`<prefix><semver>`) reachable from `sha`, optionally leaving out those on `sha` itself. */
export function lastReleaseTag(cwd: string, sha: string, prefix: string, opts: { excludeAt?: boolean } = {}): ReleaseTag | undefined {
  const pattern = `${prefix}[0-9]*`;
  let tags = git(['tag', '--list', '--merged', sha, '--', pattern], { cwd }).split('\n').filter(Boolean);
  if (opts.excludeAt) {
    const at = new Set(tagsAt(cwd, sha, prefix));
    tags = tags.filter((t) => !at.has(t));
  }
  const best = highestTag(tags, prefix);
  if (!best) return undefined;
  return { ...best, sha: git(['rev-parse', '--verify', `refs/tags/${best.tag}^{commit}`], { cwd }) };
}

/** Release tags that point at `sha`. */
export function tagsAt(cwd: string, sha: string, prefix: string): string[] {
  return git(['tag', '--list', '--points-at', sha, '--', `${prefix}[0-9]*`], { cwd })
    .split('\n')
    .filter((t) => t && tagVersion(t, prefix));
}

export function tagExists(cwd: string, tag: string): boolean {
  return gitRaw(['show-ref', '--verify', '--quiet', `refs/tags/${tag}`], { cwd }).code === 0;
}

export function branchExists(cwd: string, branch: string): boolean {
  return gitRaw(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { cwd }).code === 0;
}

/** A file's text at a commit; the work tree's file when git does not track it (untracked files stay across a switch). */
export function fileAt(cwd: string, file: string, sha: string): string | undefined {
  const top = repoRoot(cwd);
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
  if (text === undefined) return undefined;
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
