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
import { lastReleaseTag, releaseDate, releaseTagsBetween, repoRoot, resolveCommit, tagsAt } from '../release/repo.js';
import { info, json, result, sanitize, success } from '../ui/output.js';

interface ChangelogOptions {
  from?: string;
  to?: string;
  write?: boolean;
  json?: boolean;
}

/** What one section covers and what it is called. */
interface Section {
  version: string;
  fromSha?: string;
  toSha: string;
  previousTag?: string;
  currentTag: string;
  /** the release's own date for a tagged release; undefined (today) for what is not released yet */
  date?: string;
}

interface ChangelogPlan {
  fromRef?: string;
  toRef: string;
  /** newest first */
  sections: Section[];
}

/** The tag a section starts after, for its compare link. */
function fromTag(cwd: string, ref: string, sha: string, prefix: string): string | undefined {
  if (tagVersion(ref, prefix)) return ref;
  return tagsAt(cwd, sha, prefix)[0];
}

async function plan(cwd: string, options: ChangelogOptions, tagPrefix: string, packageDir: string): Promise<ChangelogPlan> {
  const toRef = options.to ?? 'HEAD';
  const toSha = resolveCommit(cwd, toRef, '--to ref');
  const fromSha = options.from !== undefined ? resolveCommit(cwd, options.from, '--from ref') : undefined;

  if (fromSha === undefined) {
    // `--to` on a release tag (or HEAD right after tagging): the section of that release, from
    // the release before it (the previous stable one for a stable release), dated by the tag.
    const at = tagsAt(cwd, toSha, tagPrefix)
      .map((tag) => ({ tag, version: tagVersion(tag, tagPrefix)! }))
      .sort((a, b) => semver.rcompare(a.version, b.version))[0];
    if (at) {
      const previous = lastReleaseTag(cwd, toSha, tagPrefix, { excludeAt: true, below: at.version });
      return {
        toRef,
        fromRef: previous?.tag,
        sections: [{ version: at.version, toSha, fromSha: previous?.sha, previousTag: previous?.tag, currentTag: at.tag, date: releaseDate(cwd, toSha) }],
      };
    }
    // Otherwise the unreleased changes, titled with the version they will get.
    const state = await computeVersion(cwd, { to: toSha, tagPrefix, packageDir });
    return {
      toRef,
      fromRef: state.tag?.tag,
      sections: [{ version: state.next, toSha, fromSha: state.tag?.sha, previousTag: state.tag?.tag, currentTag: `${tagPrefix}${state.next}` }],
    };
  }

  // An explicit range: one section per release tag inside it (each with its own compare link and
  // date), and one for what comes after the last of them, as conventional-changelog writes it.
  const sections: Section[] = [];
  let prevSha: string | undefined = fromSha;
  let prevTag = fromTag(cwd, options.from!, fromSha, tagPrefix);
  for (const tag of releaseTagsBetween(cwd, fromSha, toSha, tagPrefix)) {
    sections.push({ version: tag.version, fromSha: prevSha, toSha: tag.sha, previousTag: prevTag, currentTag: tag.tag, date: releaseDate(cwd, tag.sha) });
    prevSha = tag.sha;
    prevTag = tag.tag;
  }
  if (prevSha !== toSha) {
    const state = await computeVersion(cwd, { to: toSha, tagPrefix, packageDir });
    sections.push({ version: state.next, fromSha: prevSha, toSha, previousTag: prevTag, currentTag: `${tagPrefix}${state.next}` });
  }
  if (sections.length === 0) sections.push({ version: (await computeVersion(cwd, { to: toSha, tagPrefix, packageDir })).next, fromSha, toSha, previousTag: prevTag, currentTag: '' });
  return { toRef, fromRef: options.from, sections: sections.reverse() };
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
  const range = `${p.fromRef ?? 'the first commit'}..${p.toRef}`;
  const links = await repoLinks(cwd, config);

  const rendered: { section: Section; commits: ParsedCommit[]; markdown: string }[] = [];
  for (const section of p.sections) {
    const commits = section.fromSha === section.toSha ? [] : await readCommits(cwd, section.fromSha, section.toSha);
    if (commits.length === 0) continue;
    const markdown = sanitize(
      await renderSection(commits, { version: section.version, previousTag: section.previousTag, currentTag: section.currentTag || undefined, links, date: section.date }),
    );
    rendered.push({ section, commits, markdown });
  }
  const newest = p.sections[0]!;

  if (rendered.length === 0) {
    info(`No commits in ${range}: the changelog is empty${options.write ? '; CHANGELOG.md left as it is' : ''}.`);
    if (options.json) json({ version: newest.version, from: p.fromRef ?? null, to: p.toRef, commits: [], markdown: '', file: null, sections: [] });
    return EXIT_OK;
  }
  const markdown = rendered.map((r) => r.markdown).join('\n');

  let file: string | undefined;
  if (options.write) {
    file = join(dir, 'CHANGELOG.md');
    // oldest first, so the newest ends on top
    for (const r of [...rendered].reverse()) writeChangelog(file, r.markdown, r.section.version);
  }

  if (options.json) {
    json({
      version: rendered[0]!.section.version,
      from: p.fromRef ?? null,
      to: p.toRef,
      commits: rendered.flatMap((r) => r.commits.map(summary)),
      markdown,
      file: file ? relative(cwd, file) || 'CHANGELOG.md' : null,
      sections: rendered.map((r) => ({
        version: r.section.version,
        date: r.section.date ?? null,
        previousTag: r.section.previousTag ?? null,
        currentTag: r.section.currentTag || null,
        commits: r.commits.length,
      })),
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
