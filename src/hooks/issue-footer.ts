import { describeBranch } from '../core/branch.js';
import { issueReference, mentionsIssue } from '../core/issue.js';
import { addTrailer, cleanMessage } from '../core/message.js';
import type { HookContext } from './context.js';

/** The branch's issue, when it carries one (`feature/123-x` → 123, `feature/ABC-9` → ABC-9). */
export function branchIssue(ctx: HookContext): string | undefined {
  return ctx.branch ? describeBranch(ctx.branch, ctx.loaded.config).issue : undefined;
}

/** The message file's text with the issue footer added, or undefined when nothing is to change. */
export function withIssueFooter(ctx: HookContext, text: string, commentChar: string): string | undefined {
  const { config } = ctx.loaded;
  if (!config.hooks['prepare-commit-msg'].includes('issue-footer')) return undefined;
  const issue = branchIssue(ctx);
  if (!issue) return undefined;
  const message = cleanMessage(text, commentChar);
  // Messages git or the user derive from other commits keep their own text.
  if (/^(fixup!|squash!|amend!|Revert |Reapply |Merge )/.test(message)) return undefined;
  if (mentionsIssue(message, issue)) return undefined;
  return addTrailer(text, `${config.issueFooter}: ${issueReference(issue)}`, commentChar);
}

/** True when the message is nothing but the footer flowgate added (the user wrote nothing). */
export function isOnlyIssueFooter(ctx: HookContext, message: string): boolean {
  const issue = branchIssue(ctx);
  return issue !== undefined && message.trim() === `${ctx.loaded.config.issueFooter}: ${issueReference(issue)}`;
}
