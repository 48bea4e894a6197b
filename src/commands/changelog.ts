import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import semver from 'semver';
import { loadConfig } from '../config/load.js';
import { isBreaking, tagVersion } from '../core/version.js';
import { EXIT_OK, FlowError, errorMessage } from '../errors.js';
import { planDocument, runPlan } from '../plan/run-plan.js';
import type { Plan, Step } from '../plan/step.js';
import { renderSection } from '../release/changelog.js';
import { describeWrite, prependSections, type SectionWrite } from '../release/changelog-file.js';
import { readCommits, type ParsedCommit } from '../release/commits.js';
import { computeVersion } from '../release/plan.js';
import { repoLinks } from '../release/remote.js';
import { lastReleaseTag, releaseDate, releaseTagsBetween, resolveCommit, tagsAt } from '../release/repo.js';
import { Repo } from '../git/repo.js';
import { info, json, result, sanitize, success } from '../ui/output.js';
import { cwdOption, stringOption } from './options.js';

export interface ChangelogOptions {
  from?: string;
  to?: string;
  write: boolean;
  json: boolean;
  /** with --write: print the section and what would go into CHANGELOG.md, write nothing */
  dryRun: boolean;
  cwd: string;
}

export function readOptions(raw: Record<string, unknown>): ChangelogOptions {
  return {
    from: stringOption(raw.from),
    to: stringOption(raw.to),
    write: Boolean(raw.write),
    json: Boolean(raw.json),
    dryRun: Boolean(raw.dryRun),
    cwd: cwdOption(raw),
  };
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

/**
 * `flow changelog [--from REF] [--to REF] [--write] [--dry-run] [--json]`. read (the range, its
 * sections) → plan (with --write, one step per section into CHANGELOG.md) → execute.
 */
export async function changelog(options: ChangelogOptions): Promise<number> {
  const { cwd } = options;
  await Repo.open(cwd); // the one "am I in a repository?" check
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

  const file = options.write ? join(dir, 'CHANGELOG.md') : undefined;
  const name = file ? relative(cwd, file) || 'CHANGELOG.md' : undefined;
  // oldest first, so the newest ends on top
  const writes = file ? prependSections(readChangelog(file), [...rendered].reverse().map((r) => ({ markdown: r.markdown, version: r.section.version }))) : [];
  const steps = file ? await writeSteps(file, name!, writes) : [];
  // with --dry-run --json the plan goes into the changelog's own document instead
  if (steps.length && !(options.dryRun && options.json)) await runPlan(steps, { cwd, dryRun: options.dryRun });
  if (steps.length && !options.dryRun) for (const w of writes) success(describeWrite(w, name!, true));

  const doc = {
    version: rendered[0]!.section.version,
    from: p.fromRef ?? null,
    to: p.toRef,
    commits: rendered.flatMap((r) => r.commits.map(summary)),
    markdown,
    file: name && !options.dryRun ? name : null,
    sections: rendered.map((r) => ({
      version: r.section.version,
      date: r.section.date ?? null,
      previousTag: r.section.previousTag ?? null,
      currentTag: r.section.currentTag || null,
      commits: r.commits.length,
    })),
  };
  if (options.json) json(options.dryRun && steps.length ? { ...planDocument(steps), ...doc } : doc);
  else result(markdown.replace(/\n$/, ''));
  return EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return changelog(readOptions(options));
}

function readChangelog(file: string): string | undefined {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch (error) {
    throw new FlowError(`Cannot read ${file}: ${errorMessage(error)}; check its permissions.`);
  }
}

/** One write of CHANGELOG.md per section, each saying what it puts in; a failed write names the file. */
async function writeSteps(file: string, name: string, writes: SectionWrite[]): Promise<Plan> {
  const { writeFile } = await import('../plan/steps.js');
  return writes.map((w) => {
    const step = writeFile(file, w.text, { display: name });
    return {
      ...step,
      summary: describeWrite(w, name),
      async run(ctx) {
        try {
          await step.run(ctx);
        } catch (error) {
          throw new FlowError(`Cannot write ${file}: ${errorMessage(error)}; check its permissions.`);
        }
      },
    } satisfies Step<void>;
  });
}
