import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT_OK } from '../errors.js';
import { COMMIT_TYPES } from '../core/commit-compose.js';
import { cleanMessage } from '../core/message.js';
import { commentChar } from '../git/comment-char.js';
import { sequencerState, type HookContext } from './context.js';
import { MESSAGE_SOURCE_FILE } from './fast-path.js';
import { branchIssue, withIssueFooter } from './issue-footer.js';

/** Sources for which git already has a message of its own: merge, squash, -c/-C/--amend. */
const OWN_MESSAGE_SOURCES = new Set(['merge', 'squash', 'commit']);

/**
 * prepare-commit-msg: `$1` file, `$2` source (message, template, merge, squash, commit or
 * nothing), `$3` sha. Adds the issue footer to new messages; prompts when the user gave no
 * message (no source, or only a template) and a terminal is there (the prompt is loaded only then).
 * (For `-m`/`-F` the dispatcher skips Node and commit-msg adds the footer: one Node start per commit.)
 */
export async function prepareCommitMsg(ctx: HookContext, args: string[]): Promise<number> {
  const [fileArg, source = ''] = args;
  rmSync(join(ctx.gitDir, MESSAGE_SOURCE_FILE), { force: true });
  if (!fileArg || OWN_MESSAGE_SOURCES.has(source) || sequencerState(ctx.gitDir)) return EXIT_OK;
  const { config } = ctx.loaded;
  const file = resolve(fileArg);
  let text = readFileSync(file, 'utf8');
  const char = commentChar(text);

  // A template (`commit.template`, as `flow init` sets it, or `-t`) is not a message the user gave.
  const noMessage = source === '' ? cleanMessage(text, char) === '' : source === 'template';
  if (noMessage && config.prompt && config.hooks['prepare-commit-msg'].includes('prompt')) {
    const { promptIntoFile } = await import('../prompts/commit-hook.js');
    const written = await promptIntoFile(file, { issue: branchIssue(ctx), config });
    if (written) return EXIT_OK;
    // No terminal to ask at (GUI client, CI): never wait; give the editor the convention instead.
    text = readFileSync(file, 'utf8');
    if (source === '') text = withTemplateGuide(text, char); // a template brings its own guidance
  }

  const updated = withIssueFooter(ctx, text, char);
  if (updated !== undefined) writeFileSync(file, updated);
  return EXIT_OK;
}

/** Commented guidance for an empty message; git strips it like its own comments. */
export function withTemplateGuide(text: string, char: string): string {
  if (text.includes(`${char} flowgate:`)) return text;
  const guide = [
    'flowgate: write a Conventional Commits message, e.g.',
    '  feat(auth): add the login page',
    `types: ${COMMIT_TYPES.map((t) => t.value).join(' ')}`,
    'a breaking change: "feat!: …" or a "BREAKING CHANGE: …" footer',
  ].map((line) => `${char} ${line}`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const [first = '', ...rest] = text.split(/\r?\n/);
  return [first, ...guide, ...rest].join(eol);
}
