import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import { describeBranch } from '../core/branch.js';
import { REFUSED_MESSAGE_FILE } from '../core/message.js';
import { shellQuote } from '../core/shell-quote.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_RULE, FlowError, UsageError } from '../errors.js';
import { gitMaybe, gitRaw } from '../git/exec.js';
import { Repo } from '../git/repo.js';
import { info } from '../ui/output.js';

/**
 * `flow commit [--retry] [--yes]`: the conventional-commit prompt, then `git commit -F <file>`
 * (the hooks still run; prepare-commit-msg sees source "message" and does not prompt again).
 * `--retry` commits the message the commit-msg hook refused last, after editing it.
 */

/** The message `flow commit` hands to git. */
const DRAFT_MESSAGE = join('flowgate', 'FLOW_COMMIT_MSG');

interface CommitOptions {
  retry?: boolean;
  yes?: boolean;
  cwd?: string;
}

function shown(file: string, cwd: string): string {
  return shellQuote(relative(cwd, file) || file);
}

function requireStaged(cwd: string): void {
  const r = gitRaw(['diff', '--cached', '--quiet', '--ignore-submodules=none'], { cwd });
  if (r.code === 0) throw new FlowError('Nothing is staged for commit; add your changes with `git add <file>` first, then run this again.');
  if (r.code !== 1) throw new FlowError(`Cannot read the staged changes: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}.`);
}

/** git commit with the terminal passed through; git's exit code mapped to ours (1 = a hook refused). */
function gitCommit(args: string[], cwd: string): number {
  const r = spawnSync('git', ['commit', ...args], { cwd, stdio: 'inherit' });
  if (r.error) throw new FlowError(`git commit could not start: ${r.error.message}; check that git is on PATH.`);
  if (r.status === 0) return EXIT_OK;
  return r.status === 1 ? EXIT_RULE : EXIT_FAILURE;
}

async function retry(o: CommitOptions, cwd: string, gitDir: string): Promise<number> {
  const file = join(gitDir, REFUSED_MESSAGE_FILE);
  if (!existsSync(file)) {
    throw new FlowError(`There is no refused commit message to retry (${shown(file, cwd)} does not exist); write a new one with \`npx flow commit\` or \`git commit\`.`);
  }
  requireStaged(cwd);
  const { isInteractive } = await import('../prompts/index.js');
  const edit = isInteractive() && !o.yes;
  info(edit ? 'Opening the refused message in your editor…' : `Committing the refused message from ${shown(file, cwd)} as it is…`);
  const code = gitCommit(edit ? ['-e', '-F', file] : ['-F', file], cwd);
  if (code === EXIT_OK) rmSync(file, { force: true });
  return code;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const o = options as CommitOptions;
  const cwd = o.cwd ?? process.cwd();
  const { gitDir } = await Repo.open(cwd);
  if (o.retry) return retry(o, cwd, gitDir);

  const { isInteractive, createPrompter } = await import('../prompts/index.js');
  if (o.yes) {
    throw new UsageError('`flow commit --yes` has no subject to take as a default; commit with `git commit -m "type: subject"` instead.');
  }
  if (!isInteractive()) {
    throw new UsageError('`flow commit` asks for the message at a terminal, and there is none here; commit with `git commit -m "type: subject"` instead.');
  }
  requireStaged(cwd);
  const loaded = await loadConfig(cwd);
  const branch = gitMaybe(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd });
  const issue = branch ? describeBranch(branch, loaded.config).issue : undefined;

  const { askCommitMessage, loadLinterQuietly } = await import('../prompts/commit-prompt.js');
  const lint = loadLinterQuietly(cwd, loaded.dir);
  const prompter = createPrompter();
  let message: string;
  try {
    message = await askCommitMessage(prompter, { issue, config: loaded.config, lint });
  } finally {
    prompter.close();
  }

  const draft = join(gitDir, DRAFT_MESSAGE);
  mkdirSync(join(gitDir, 'flowgate'), { recursive: true });
  writeFileSync(draft, `${message}\n`);
  const started = Date.now();
  const code = gitCommit(['-F', draft], cwd);
  if (code !== EXIT_OK) {
    // A hook refused (pre-commit, commit-msg…): keep what was typed for `--retry`.
    const refused = join(gitDir, REFUSED_MESSAGE_FILE);
    const savedByHook = existsSync(refused) && statSync(refused).mtimeMs >= started - 1000;
    if (!savedByHook) {
      writeFileSync(refused, `${message}\n`);
      info(`Your message is kept in ${shown(refused, cwd)}; fix the problem above, then run \`npx flowgate commit --retry\` (flow commit --retry).`);
    }
  }
  rmSync(draft, { force: true });
  return code;
}
