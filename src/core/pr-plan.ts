/**
 * What `flow pr` / `flow <type> finish` will ask the forge for: targets, title and body. Pure.
 */
import type { FlowgateConfig } from '../config/types.js';
import { branchType, describeBranch } from './branch-model.js';
import { COMMIT_TYPES } from './commit-compose.js';
import { issueReference, mentionsIssue } from './issue.js';

const CONVENTIONAL = new Set(COMMIT_TYPES.map((t) => t.value));

/** The conventional-commit type a branch type stands for (PR titles are linted by `flow check`). */
export function conventionalType(branchTypeName: string | undefined): string {
  switch (branchTypeName) {
    case 'feature':
    case 'feat':
      return 'feat';
    case 'bugfix':
    case 'hotfix':
    case 'fix':
      return 'fix';
    case undefined:
      return 'chore';
    default:
      return CONVENTIONAL.has(branchTypeName) ? branchTypeName : 'chore';
  }
}

/** Lower-case the first letter unless the first word is an acronym (`API`), for commitlint's subject-case. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) || /^[A-Z]$/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function clip(text: string, max = 100): string {
  return text.length > max ? text.slice(0, max).replace(/\s+\S*$/, '') : text;
}

/**
 * A title made from the branch, in conventional-commit form so `flow check` accepts it:
 *   feature/123-add-login → "feat: add login"      bugfix/x-y → "fix: x y"
 *   release/1.4.0        → "chore(release): 1.4.0" hotfix/1.3.1 → "fix: hotfix 1.3.1"
 *   feature/123 (no slug) → "feat: <the issue's title>" when known, else "feat: issue #123"
 */
export function titleFromBranch(name: string, config: FlowgateConfig, issueTitle?: string): string {
  const info = describeBranch(name, config);
  const type = branchType(name, config);
  const ctype = conventionalType(type);
  if (info.version) return type === 'release' ? `chore(release): ${info.version}` : `${ctype}: ${type ?? 'release'} ${info.version}`;
  if (info.slug) return clip(`${ctype}: ${info.slug.split('-').join(' ')}`);
  const cleanTitle = issueTitle?.replace(/\s+/g, ' ').trim();
  if (cleanTitle) return clip(`${ctype}: ${lowerFirst(cleanTitle)}`);
  if (info.issue) return /^\d+$/.test(info.issue) ? `${ctype}: issue #${info.issue}` : `${ctype}: ${info.issue}`;
  const rest = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
  return clip(`${ctype}: ${rest.replace(/[-_/]+/g, ' ').trim() || name}`);
}

/** The title: the single commit's subject when the branch has exactly one commit ahead of the base, else from the branch. */
export function choosePrTitle(opts: { branch: string; config: FlowgateConfig; subjectsAhead?: string[]; issueTitle?: string; title?: string }): string {
  if (opts.title?.trim()) return opts.title.trim();
  if (opts.subjectsAhead?.length === 1 && opts.subjectsAhead[0]!.trim()) return opts.subjectsAhead[0]!.trim();
  return titleFromBranch(opts.branch, opts.config, opts.issueTitle);
}

const CLOSING_LINE = /^([ \t]*(?:[-*][ \t]+)?(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)):?[ \t]*#?[ \t]*$/im;

/**
 * The body: --body, else the pull request template, else empty; then `Closes #123` (or
 * `Closes ABC-123`) unless the text already names the issue. A template's empty `Closes #`
 * line is filled in rather than repeated.
 */
export function composeBody(opts: { body?: string; template?: string; issue?: string }): string {
  let text = (opts.body ?? opts.template ?? '').replace(/\r\n/g, '\n');
  if (!opts.issue || mentionsIssue(text, opts.issue)) return text.trimEnd();
  const ref = issueReference(opts.issue);
  if (CLOSING_LINE.test(text)) return text.replace(CLOSING_LINE, (_m, verb: string) => `${verb} ${ref}`).trimEnd();
  text = text.trimEnd();
  return text ? `${text}\n\nCloses ${ref}` : `Closes ${ref}`;
}

/** Where a pull/merge request template may live, relative to the repository root, in order. */
export function templatePaths(provider: 'github' | 'gitlab' | undefined): string[] {
  const github = [
    '.github/pull_request_template.md',
    '.github/PULL_REQUEST_TEMPLATE.md',
    'pull_request_template.md',
    'PULL_REQUEST_TEMPLATE.md',
    'docs/pull_request_template.md',
    'docs/PULL_REQUEST_TEMPLATE.md',
  ];
  return provider === 'gitlab' ? ['.gitlab/merge_request_templates/Default.md', '.gitlab/merge_request_templates/default.md', ...github] : github;
}

/** A commit the pull request carries: its subject and body. */
export interface PrCommit {
  subject: string;
  body: string;
}

const BREAKING_HEADER = /^[a-z]+(?:\([^)]*\))?!:/i;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:/m;

export function isBreaking(c: PrCommit): boolean {
  return BREAKING_HEADER.test(c.subject) || BREAKING_FOOTER.test(c.body);
}

/** `feat: x` → `feat!: x` (a title already marked stays as it is). */
function markBreaking(title: string): string {
  if (BREAKING_HEADER.test(title)) return title;
  return title.replace(/^([a-z]+(?:\([^)]*\))?):/i, '$1!:');
}

/**
 * The proposed title (`gh pr create --fill`'s rule, conventional): --title; else the single
 * commit's subject; else from the branch, marked breaking (`feat!:`) when any commit is.
 */
export function proposeTitle(opts: { branch: string; config: FlowgateConfig; commits?: PrCommit[]; issueTitle?: string; title?: string }): string {
  const commits = opts.commits;
  const title = choosePrTitle({ ...opts, subjectsAhead: commits?.map((c) => c.subject) });
  if (opts.title?.trim() || commits?.length === 1) return title;
  return commits?.some(isBreaking) ? markBreaking(title) : title;
}

/**
 * The proposed body before `Closes #…` is added: --body; else what the commits say (one commit:
 * its body; several: a list of their subjects) above the pull request template, which is kept
 * (cli/cli#2872: `--fill` must not drop the template).
 */
export function proposeBody(opts: { body?: string; template?: string; commits?: PrCommit[]; fromCommits: boolean }): string | undefined {
  if (opts.body !== undefined) return opts.body;
  if (!opts.fromCommits) return opts.template;
  const commits = opts.commits ?? [];
  const said = commits.length === 1 ? commits[0]!.body.trim() : commits.length > 1 ? commits.map((c) => `- ${c.subject}`).join('\n') : '';
  const template = opts.template?.trim() ? opts.template.replace(/\r\n/g, '\n').trimEnd() : '';
  return [said, template].filter(Boolean).join('\n\n') || undefined;
}
