import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_OK } from '../errors.js';
import { describeBranch } from '../core/branch.js';
import { issueReference, mentionsIssue } from '../core/issue.js';
import { addTrailer, cleanMessage } from '../core/message.js';
import { commentChar, sequencerState, type HookContext } from './context.js';

/** Sources for which git already has a message of its own: merge, squash, -c/-C/--amend. */
const OWN_MESSAGE_SOURCES = new Set(['merge', 'squash', 'commit']);

/**
 * prepare-commit-msg: `$1` file, `$2` source (message, template, merge, squash, commit or
 * nothing), `$3` sha. Adds the issue footer to new messages; prompts when git is about to
 * open an empty editor and a terminal is there (the prompt is loaded only then).
 */
export async function prepareCommitMsg(ctx: HookContext, args: string[]): Promise<number> {
  const [fileArg, source = ''] = args;
  if (!fileArg || OWN_MESSAGE_SOURCES.has(source) || sequencerState(ctx.gitDir)) return EXIT_OK;
  const { config } = ctx.loaded;
  const checks = config.hooks['prepare-commit-msg'];
  const file = resolve(fileArg);
  let text = readFileSync(file, 'utf8');
  const char = commentChar();
  const issue = ctx.branch ? describeBranch(ctx.branch, config).issue : undefined;

  if (source === '' && config.prompt && checks.includes('prompt') && cleanMessage(text, char) === '') {
    const { promptIntoFile } = await import('../prompts/commit-hook.js');
    const written = await promptIntoFile(file, { issue, config });
    if (written) return EXIT_OK;
    text = readFileSync(file, 'utf8');
  }

  if (issue && checks.includes('issue-footer') && !mentionsIssue(cleanMessage(text, char), issue)) {
    writeFileSync(file, addTrailer(text, `${config.issueFooter}: ${issueReference(issue)}`, char));
  }
  return EXIT_OK;
}
