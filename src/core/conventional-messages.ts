/**
 * The merge and revert messages flowgate writes. Each passes @commitlint/config-conventional
 * (type, lower-case subject, header ≤ 100 characters), so a sync or a rollback never trips the
 * commit-msg hook or `flow check`. Pure.
 */

export const HEADER_MAX = 100;

/** `text` cut at a word boundary so that it fits `max` characters. */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s:,.;-]+$/, '');
}

/** A subject may not start with a capital (commitlint's subject-case). */
function lowerFirst(text: string): string {
  return text.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
}

/** `chore(sync): merge origin/develop into feature/12-login`, shortened to fit the header limit. */
export function syncMergeMessage(onto: string, branch: string): string {
  const full = `chore(sync): merge ${onto} into ${branch}`;
  return full.length <= HEADER_MAX ? full : fit(`chore(sync): merge ${onto}`, HEADER_MAX);
}

/** The conventional header a commit stands for: its own, or for a merge the pull request's title in its body. */
export function headerOf(message: string, isMerge: boolean): string {
  const lines = message.replace(/\r\n/g, '\n').split('\n');
  const header = (lines[0] ?? '').trim();
  if (isMerge) {
    // GitHub: "Merge pull request #12 from acme/feature/x" + blank + the PR title; GitLab: "Merge branch 'x' into 'main'" + blank + title
    const body = lines.slice(1).map((l) => l.trim()).find((l) => l !== '' && !/^(see merge request|this reverts commit)/i.test(l));
    if (/^merge (pull request|branch|remote-tracking branch)/i.test(header) && body) return body;
  }
  return header;
}

/** What a rollback reverts: one commit (a merge with `-m 1`). */
export interface RevertTarget {
  sha: string;
  message: string;
  isMerge: boolean;
}

/**
 * `revert: <original header>`, the body git writes (`This reverts commit <sha>.`, which the
 * changelog reads) and a `Refs: <sha>` footer naming the commit.
 */
export function revertMessage(target: RevertTarget, opts: { reason?: string; footer?: string } = {}): string {
  const original = headerOf(target.message, target.isMerge).replace(/^revert:\s*/i, '');
  const header = fit(`revert: ${lowerFirst(original) || target.sha.slice(0, 12)}`, HEADER_MAX);
  const body = [`This reverts commit ${target.sha}.`];
  if (target.isMerge) body.push('The merge is undone against its first parent (git revert -m 1).');
  if (opts.reason) body.push('', opts.reason);
  return `${header}\n\n${body.join('\n')}\n\n${opts.footer ?? 'Refs'}: ${target.sha}\n`;
}
