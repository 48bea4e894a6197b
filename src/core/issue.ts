/** Issue ids: a plain number (`123`, `#123`) or a tracker key such as `ABC-123`. */
export type IssueId = string;

export function issuePatternRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Normalise a user-typed issue id: `#123` → `123`; returns undefined when it is not an id. */
export function parseIssueId(word: string, pattern: string): IssueId | undefined {
  const w = word.trim().replace(/^#/, '');
  if (/^[0-9]+$/.test(w)) return String(Number.parseInt(w, 10)) === w ? w : w.replace(/^0+(?=\d)/, '');
  if (issuePatternRegex(pattern).test(w)) return w;
  return undefined;
}

/** How the issue is written in a message: `#123` for numbers, the key itself otherwise. */
export function issueReference(issue: IssueId): string {
  return /^[0-9]+$/.test(issue) ? `#${issue}` : issue;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the message already names the issue anywhere (`#123`, `ABC-123`, a URL ending /123). */
export function mentionsIssue(message: string, issue: IssueId): boolean {
  if (/^[0-9]+$/.test(issue)) {
    return new RegExp(`(#|/issues/|/pull/|/merge_requests/|GH-)${issue}(?![0-9])`, 'i').test(message);
  }
  return new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(issue)}(?![0-9])`).test(message);
}
