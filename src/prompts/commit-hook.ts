import { readFileSync, writeFileSync } from 'node:fs';
import type { FlowgateConfig } from '../config/types.js';
import { isCI } from '../core/ci.js';
import { messageFileText } from '../core/commit-compose.js';
import { FlowError, errorMessage } from '../errors.js';
import { warn } from '../ui/output.js';
import { commentChar } from '../git/comment-char.js';
import { askCommitMessage, loadLinterQuietly } from './commit-prompt.js';
import { createPrompter, openTerminal, PromptAborted } from './index.js';

/**
 * Can the hook prompt? Git runs hooks with stdin on /dev/null and stdout on its stderr, so the
 * terminal is reached through /dev/tty. Besides a controlling terminal, git's stderr must be a
 * terminal too: a GUI client or an editor plugin (fugitive, lazygit) started from a shell has
 * a controlling terminal but pipes git's output, and a prompt there would hang the commit.
 */
export function hookMayPrompt(config: FlowgateConfig): boolean {
  if (!config.prompt) return false;
  if (isCI()) return false;
  if (process.env.FLOWGATE_PROMPT === '0') return false;
  return Boolean(process.stderr.isTTY);
}

/**
 * Called by the prepare-commit-msg hook when git is about to open an empty editor. Prompts on
 * /dev/tty and writes the message above git's comment lines. Returns false at once (nothing
 * written) when there is no terminal or prompting is off; throws exit 130 on Ctrl-C, which
 * aborts the commit with the file untouched.
 */
export async function promptIntoFile(file: string, opts: { issue?: string; config: FlowgateConfig }): Promise<boolean> {
  if (!hookMayPrompt(opts.config)) return false;
  const terminal = openTerminal();
  if (!terminal) return false;
  const prompter = createPrompter({ terminal });
  const lint = loadLinterQuietly();
  let message: string;
  try {
    terminal.output.write('flowgate: commit message (Ctrl-C aborts the commit)\n');
    message = await askCommitMessage(prompter, { issue: opts.issue, config: opts.config, lint });
  } catch (error) {
    if (error instanceof PromptAborted) throw new FlowError('Commit aborted at the prompt; nothing was committed.', error.exitCode);
    // A broken prompt must not cost the commit: git's editor opens as it would without flowgate.
    warn(`the commit prompt failed (${errorMessage(error)}); falling back to the editor.`);
    return false;
  } finally {
    prompter.close();
  }
  const previous = readFileSync(file, 'utf8');
  writeFileSync(file, messageFileText(message, previous, commentChar(`${previous}\n${message}`)));
  return true;
}
