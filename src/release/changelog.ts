import type { ParsedCommit } from './commits.js';
import type { RepoLinks } from './remote.js';

export interface ChangelogContext {
  /** the version the section is for (its heading) */
  version: string;
  /** the previous release tag, for the compare link */
  previousTag?: string;
  /** the tag this version will have (`v1.1.0`) */
  currentTag?: string;
  links?: RepoLinks;
  /** yyyy-mm-dd; today when omitted */
  date?: string;
}

/**
 * The Markdown section for `commits` (newest first), written by conventional-changelog-writer
 * with the conventionalcommits preset: ⚠ BREAKING CHANGES, Features, Bug Fixes, Performance
 * Improvements, Reverts, then any breaking change of a hidden type. Commit, issue and compare
 * links when the remote is known.
 */
export async function renderSection(commits: readonly ParsedCommit[], ctx: ChangelogContext): Promise<string> {
  const [{ writeChangelogString }, { default: createPreset }] = await Promise.all([
    import('conventional-changelog-writer'),
    import('conventional-changelog-conventionalcommits'),
  ]);
  const links = ctx.links;
  const presetConfig: Record<string, unknown> =
    links?.provider === 'gitlab'
      ? {
          issueUrlFormat: '{{host}}/{{owner}}/{{repository}}/-/issues/{{id}}',
          commitUrlFormat: '{{host}}/{{owner}}/{{repository}}/-/commit/{{hash}}',
          compareUrlFormat: '{{host}}/{{owner}}/{{repository}}/-/compare/{{previousTag}}...{{currentTag}}',
        }
      : {};
  const writer = createPreset(presetConfig).writer as Record<string, unknown> & {
    transform: (commit: ParsedCommit, context: unknown, options: unknown) => Partial<ParsedCommit> | undefined;
  };
  if (!links) {
    // With no remote the preset would still turn `#12` and `@user` into links to `undefined/…`;
    // keep the subject as written instead.
    const transform = writer.transform;
    writer.transform = (commit, context, options) => {
      const out = transform(commit, context, options);
      return out ? { ...out, subject: commit.subject } : out;
    };
  }
  const context: Record<string, unknown> = { version: ctx.version };
  if (ctx.date) context.date = ctx.date;
  if (links) {
    Object.assign(context, { host: links.host, owner: links.owner, repository: links.repository, repoUrl: links.webUrl, linkReferences: true });
    if (ctx.previousTag && ctx.currentTag) {
      Object.assign(context, { previousTag: ctx.previousTag, currentTag: ctx.currentTag, linkCompare: true });
    }
  } else {
    context.linkReferences = false;
  }
  // The writer mutates what it is given; hand it copies.
  const input = commits.map((c) => structuredClone(c));
  const text = await writeChangelogString(input as never, context as never, writer as never);
  return tidy(text);
}

/** Collapse the template's runs of blank lines and end with exactly one newline. Pure. */
export function tidy(markdown: string): string {
  return markdown.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
