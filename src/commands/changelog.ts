import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import semver from 'semver';
import { loadConfig } from '../config/load.js';
import { isBreaking, tagVersion } from '../core/version.js';
import { EXIT_OK, FlowError, errorMessage } from '../errors.js';
import { renderSection } from '../release/changelog.js';
import { prependSection } from '../release/changelog-file.js';
import { readCommits, type ParsedCommit } from '../release/commits.js';
import { computeVersion } from '../release/plan.js';
import { repoLinks } from '../release/remote.js';
import { lastReleaseTag, repoRoot, resolveCommit, tagsAt } from '../release/repo.js';
import { info, json, result, sanitize, success } from '../ui/output.js';

interface ChangelogOptions {
  from?: string;
  to?: string;
  write?: boolean;
  json?: boolean;
}

/** What the section covers and what it is called. */
interface ChangelogPlan {
  version: string;
  fromRef?: string;
  fromSha?: string;
  toRef: string;
  toSha: string;
  previousTag?: string;
  currentTag: string;
}

async function plan(cwd: string, options: ChangelogOptions, tagPrefix: string, packageDir: string): Promise<ChangelogPlan> {
  const toRef = options.to ?? 'HEAD';
  const toSha = resolveCommit(cwd, toRef, '--to ref');
  const fromSha = options.from !== undefined ? resolveCommit(cwd, options.from, '--from ref') : undefined;

  // `--to` on a release tag (or HEAD right after tagging): the section of that release.
  const at = tagsAt(cwd, toSha, tagPrefix)
    .map((tag) => ({ tag, version: tagVersion(tag, tagPrefix)! }))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
  if (at) {
    const previous = lastReleaseTag(cwd, toSha, tagPrefix, { excludeAt: true });
    return {
      version: at.version,
      toRef,
      toSha,
      fromRef: options.from ?? previous?.tag,
      fromSha: fromSha ?? previous?.sha,
      previousTag: fromSha ? fromTag(cwd, options.from!, fromSha, tagPrefix) : previous?.tag,
      currentTag: at.tag,
    };
  }
  // Otherwise the unreleased changes, titled with the version they will get.
  const state = await computeVersion(cwd, { to: toSha, tagPrefix, packageDir });
  return {
    version: state.next,
    toRef,
    toSha,
    fromRef: options.from ?? state.tag?.tag,
    fromSha: fromSha ?? state.tag?.sha,
    previousTag: fromSha ? fromTag(cwd, options.from!, fromSha, tagPrefix) : state.tag?.tag,
    currentTag: `${tagPrefix}${state.next}`,
  };
}

/** The release tag a `--from` ref names or points at, for the compare link. */
function fromTag(cwd: string, ref: string, sha: string, prefix: string): string | undefined {
  if (tagVersion(ref, prefix)) return ref;
  return tagsAt(cwd, sha, prefix)[0];
}

function summary(commit: ParsedCommit) {
  return {
    hash: commit.hash,
    type: commit.type,
    scope: commit.scope,
    subject: commit.subject ?? commit.header,
    breaking: isBreaking(commit),
  };
}

/** `flow changelog [--from REF] [--to REF] [--write] [--json]`. */
export async function run(options: ChangelogOptions): Promise<number> {
  const cwd = process.cwd();
  repoRoot(cwd);
  const { config, dir } = await loadConfig(cwd);
  const p = await plan(cwd, options, config.tagPrefix, dir);
  const commits = p.fromSha === p.toSha ? [] : await readCommits(cwd, p.fromSha, p.toSha);
  const range = `${p.fromRef ?? 'the first commit'}..${p.toRef}`;

  if (commits.length === 0) {
    info(`No commits in ${range}: the changelog is empty${options.write ? '; CHANGELOG.md left as it is' : ''}.`);
    if (options.json) json({ version: p.version, from: p.fromRef ?? null, to: p.toRef, commits: [], markdown: '', file: null });
    return EXIT_OK;
  }

  const links = await repoLinks(cwd, config);
  const markdown = sanitize(
    await renderSection(commits, { version: p.version, previousTag: p.previousTag, currentTag: p.currentTag, links }),
  );

  let file: string | undefined;
  if (options.write) {
    file = join(dir, 'CHANGELOG.md');
    writeChangelog(file, markdown, p.version);
  }

  if (options.json) {
    json({
      version: p.version,
      from: p.fromRef ?? null,
      to: p.toRef,
      commits: commits.map(summary),
      markdown,
      file: file ? relative(cwd, file) || 'CHANGELOG.md' : null,
    });
  } else {
    result(markdown.replace(/\n$/, ''));
  }
  return EXIT_OK;
}

/** Prepend (or replace) the version's section in CHANGELOG.md and say so on stderr. */
export function writeChangelog(file: string, markdown: string, version: string): { created: boolean; replaced: boolean } {
  let existing: string | undefined;
  try {
    existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch (error) {
    throw new FlowError(`Cannot read ${file}: ${errorMessage(error)}; check its permissions.`);
  }
  const out = prependSection(existing, markdown, version);
  try {
    writeFileSync(file, out.text);
  } catch (error) {
    throw new FlowError(`Cannot write ${file}: ${errorMessage(error)}; check its permissions.`);
  }
  const name = relative(process.cwd(), file) || 'CHANGELOG.md';
  if (out.replaced) success(`Replaced the ${version} section of ${name}.`);
  else if (out.created) success(`Created ${name} with the ${version} section.`);
  else success(`Prepended the ${version} section to ${name}.`);
  return out;
}
