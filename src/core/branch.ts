import type { FlowgateConfig } from '../config/types.js';
import { parseIssueId, type IssueId } from './issue.js';

export const BOT_PREFIXES = ['dependabot/', 'renovate/'];
export const LONG_LIVED = ['main', 'master', 'develop'];

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Types whose branch carries a version rather than an issue (`release/1.4.0`, `hotfix/1.3.1`). */
const VERSIONED = new Set(['release', 'hotfix']);

export type BranchKind = 'long-lived' | 'bot' | 'flow';

export interface BranchInfo {
  name: string;
  kind: BranchKind;
  type?: string;
  issue?: IssueId;
  slug?: string;
  version?: string;
}

export type BranchCheck = { ok: true; info: BranchInfo } | { ok: false; reason: string };

export function isSemver(text: string): boolean {
  return SEMVER.test(text);
}

export function longLivedNames(config: FlowgateConfig): string[] {
  const names = new Set(LONG_LIVED);
  names.add(config.branches.main);
  if (config.branches.develop) names.add(config.branches.develop);
  return [...names];
}

function expectedForm(config: FlowgateConfig): string {
  const types = config.branchTypes.filter((t) => t !== 'release');
  return `<type>/<issue>-<slug>${config.requireIssue ? '' : ' or <type>/<slug>'} with type ${types.join(', ')}, or release/<version>`;
}

/** Check a branch name against the naming rules. Pure. */
export function checkBranchName(name: string, config: FlowgateConfig): BranchCheck {
  if (longLivedNames(config).includes(name)) return { ok: true, info: { name, kind: 'long-lived' } };
  if (BOT_PREFIXES.some((p) => name.startsWith(p))) return { ok: true, info: { name, kind: 'bot' } };
  const slash = name.indexOf('/');
  const bad = (why: string): BranchCheck => ({ ok: false, reason: `branch name '${name}' ${why}; expected ${expectedForm(config)}` });
  if (slash <= 0) return bad('has no <type>/ prefix');
  const type = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (!config.branchTypes.includes(type)) return bad(`has an unknown type '${type}'`);
  if (VERSIONED.has(type) && isSemver(rest)) {
    return { ok: true, info: { name, kind: 'flow', type, version: rest.replace(/^v/, '') } };
  }
  if (type === 'release') return bad('needs a semantic version after release/ (release/1.4.0)');
  const parsed = parseIssueAndSlug(rest, config.issuePattern);
  if (!parsed) return bad('has a part that is not an issue id or a lower-case slug');
  if (config.requireIssue && !parsed.issue && (type === 'feature' || type === 'bugfix')) return bad('needs an issue id');
  return { ok: true, info: { name, kind: 'flow', type, ...parsed } };
}

function parseIssueAndSlug(rest: string, pattern: string): { issue?: IssueId; slug?: string } | undefined {
  // Try the longest issue-id prefix first: `ABC-123-add-login` → ABC-123 + add-login.
  const parts = rest.split('-');
  for (let take = Math.min(parts.length, 3); take >= 1; take--) {
    const head = parts.slice(0, take).join('-');
    const issue = parseIssueId(head, pattern);
    if (!issue || head.startsWith('#') || issue !== head) continue;
    const tail = parts.slice(take).join('-');
    if (tail === '') return { issue };
    if (SLUG.test(tail)) return { issue, slug: tail };
  }
  if (SLUG.test(rest)) return { slug: rest };
  return undefined;
}

/** Info for the current branch, tolerant of names that break the rules (for footers and status). */
export function describeBranch(name: string, config: FlowgateConfig): BranchInfo {
  const check = checkBranchName(name, config);
  if (check.ok) return check.info;
  // A loose read: an issue id anywhere after the type, so `wip/123-x` still yields #123.
  const match = name.match(new RegExp(`(?:^|/)((?:${config.issuePattern})|[0-9]+)(?:-|$)`));
  return { name, kind: 'flow', issue: match?.[1] };
}

const MAX_SLUG = 48;

/** Lower-case ASCII words joined by `-`: accents dropped, everything else a separator. */
export function slugify(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG) {
      if (!slug) slug = word.slice(0, MAX_SLUG);
      break;
    }
    slug = next;
  }
  return slug;
}

export interface StartRequest {
  type: string;
  /** first word: an issue id, a version (hotfix/release) or the start of a description */
  subject: string;
  description?: string;
}

export type StartName = { ok: true; name: string; issue?: IssueId; version?: string } | { ok: false; reason: string };

/** The branch `flow <type> start <subject> [description…]` creates. Pure; always a valid ref name. */
export function startBranchName(req: StartRequest, config: FlowgateConfig): StartName {
  const subject = req.subject.trim();
  const description = req.description?.trim() ?? '';
  if (VERSIONED.has(req.type) && isSemver(subject)) {
    const version = subject.replace(/^v/, '');
    return { ok: true, name: `${req.type}/${version}`, version };
  }
  if (req.type === 'release') return { ok: false, reason: `'${subject}' is not a semantic version; give one such as 1.4.0` };
  const issue = parseIssueId(subject, config.issuePattern);
  if (issue) {
    const slug = slugify(description);
    return { ok: true, name: slug ? `${req.type}/${issue}-${slug}` : `${req.type}/${issue}`, issue };
  }
  if (config.requireIssue && (req.type === 'feature' || req.type === 'bugfix')) {
    return { ok: false, reason: `'${subject}' is not an issue id, and this repository requires one (requireIssue); give the issue number first` };
  }
  const slug = slugify([subject, description].filter(Boolean).join(' '));
  if (!slug) return { ok: false, reason: `'${subject}' gives an empty branch name; use letters or digits` };
  return { ok: true, name: `${req.type}/${slug}` };
}
