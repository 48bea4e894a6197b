import { mentionsIssue, parseIssueId, issueReference } from './issue.js';

/**
 * Composing a conventional commit message from the prompt's answers. Pure: no I/O, no prompts.
 * `type(scope)!: subject`, a blank line, the body, `BREAKING CHANGE: …`, then the issue trailer.
 */

export interface CommitType {
  value: string;
  description: string;
}

/** The types of @commitlint/config-conventional, with the words shown in the prompt. */
export const COMMIT_TYPES: readonly CommitType[] = [
  { value: 'feat', description: 'a new feature' },
  { value: 'fix', description: 'a bug fix' },
  { value: 'docs', description: 'documentation only' },
  { value: 'style', description: 'formatting, white space; no change in meaning' },
  { value: 'refactor', description: 'a change that neither fixes a bug nor adds a feature' },
  { value: 'perf', description: 'a change that improves performance' },
  { value: 'test', description: 'adding or correcting tests' },
  { value: 'build', description: 'the build system or dependencies' },
  { value: 'ci', description: 'CI configuration and scripts' },
  { value: 'chore', description: 'other changes that do not touch src or tests' },
  { value: 'revert', description: 'reverts a previous commit' },
];

/** config-conventional's header-max-length. */
export const MAX_HEADER = 100;
/** Body and footer lines are wrapped here (config-conventional refuses lines over 100). */
export const WRAP_AT = 100;

export interface CommitAnswers {
  type: string;
  scope?: string;
  subject: string;
  body?: string;
  /** the BREAKING CHANGE description; empty or undefined = not breaking */
  breaking?: string;
  /** issues typed by the user: `#123, ABC-7` (commas or spaces) */
  issues?: string;
}

export function header(a: Pick<CommitAnswers, 'type' | 'scope' | 'subject' | 'breaking'>): string {
  const scope = a.scope?.trim() ? `(${a.scope.trim()})` : '';
  const bang = a.breaking?.trim() ? '!' : '';
  return `${a.type}${scope}${bang}: ${a.subject.trim()}`;
}

/** A scope is optional; when given it is one token without parentheses or line breaks. */
export function validateScope(scope: string): true | string {
  const s = scope.trim();
  if (s === '') return true;
  if (/[()\r\n]/.test(s)) return 'The scope cannot contain parentheses or line breaks.';
  if (/\s/.test(s)) return 'The scope is one word (use - or , to join words).';
  return true;
}

/** The subject: required, one line, no trailing period, and the header fits in 100 characters. */
export function validateSubject(subject: string, parts: Pick<CommitAnswers, 'type' | 'scope' | 'breaking'>): true | string {
  const s = subject.trim();
  if (s === '') return 'The subject is required: say what the commit does, in the imperative ("add login page").';
  if (/[\r\n]/.test(s)) return 'The subject is one line.';
  if (s.endsWith('.')) return 'The subject must not end with a period.';
  const length = header({ ...parts, subject: s }).length;
  if (length > MAX_HEADER) return `The header is ${length} characters; keep it within ${MAX_HEADER} (shorten the subject, move detail to the body).`;
  return true;
}

/**
 * Issue references from what the user typed: `#123, ABC-7 45` → ['#123', 'ABC-7', '#45'].
 * Other words that carry a number (`GH-12`, `org/repo#12`) are kept as typed; plain words are dropped.
 */
export function parseIssueList(text: string | undefined, issuePattern: string): string[] {
  const out: string[] = [];
  for (const word of (text ?? '').split(/[\s,;]+/)) {
    if (!word) continue;
    const id = parseIssueId(word, issuePattern);
    if (!id && !/[0-9]/.test(word)) continue;
    const ref = id ? issueReference(id) : word;
    if (!out.includes(ref)) out.push(ref);
  }
  return out;
}

/** Word-wrap one paragraph; words longer than the width stay whole (URLs). */
export function wrap(text: string, width = WRAP_AT, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t]+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = indent + word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Body text: paragraphs (blank lines) kept, each line wrapped; ` | ` is not special. */
function formatBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').flatMap((l) => wrap(l.trim())).join('\n'))
    .filter(Boolean)
    .join('\n\n');
}

export function composeMessage(a: CommitAnswers, opts: { issueFooter: string; issuePattern: string }): string {
  const parts = [header(a)];
  const body = a.body?.trim() ? formatBody(a.body) : '';
  if (body) parts.push(body);
  const footer: string[] = [];
  const breaking = a.breaking?.trim();
  if (breaking) footer.push(...wrap(`BREAKING CHANGE: ${breaking.replace(/\s*\n\s*/g, ' ')}`, WRAP_AT, '  '));
  const sofar = parts.join('\n\n');
  const issues = parseIssueList(a.issues, opts.issuePattern).filter((ref) => {
    const id = parseIssueId(ref, opts.issuePattern);
    return !(id && mentionsIssue(sofar, id));
  });
  if (issues.length) footer.push(`${opts.issueFooter}: ${issues.join(', ')}`);
  if (footer.length) parts.push(footer.join('\n'));
  return parts.join('\n\n');
}

/**
 * The comment block git put in the message file (its instructions, `-v` diff): what follows the
 * message. Text lines of a commit template among the comments are left out: the prompt's message
 * replaces the template, it is not added to it. Below the scissors line everything is kept.
 */
export function gitCommentBlock(fileText: string, commentChar = '#'): string {
  const lines = fileText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => l.startsWith(commentChar));
  if (start < 0) return '';
  const scissors = `${commentChar} ------------------------ >8 ------------------------`;
  const cut = lines.indexOf(scissors, start);
  const head = lines.slice(start, cut < 0 ? undefined : cut).filter((l) => l === '' || l.startsWith(commentChar));
  return [...head, ...(cut < 0 ? [] : lines.slice(cut))].join('\n');
}

/** The file text the hook writes: the composed message above git's comment lines. */
export function messageFileText(message: string, previous: string, commentChar = '#'): string {
  const comments = gitCommentBlock(previous, commentChar);
  return comments ? `${message}\n\n${comments.replace(/\n*$/, '\n')}` : `${message}\n`;
}
