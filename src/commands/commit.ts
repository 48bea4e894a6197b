import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { describeBranch } from '../core/branch.js';
import { REFUSED_MESSAGE_FILE } from '../core/message.js';
import { shellQuote } from '../core/shell-quote.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_RULE, FlowError, UsageError } from '../errors.js';
import { gitRaw } from '../git/exec.js';
import { Repo } from '../git/repo.js';
import { runPlan } from '../plan/run-plan.js';
import type { Step } from '../plan/step.js';
import { info, result } from '../ui/output.js';
import { cwdOption } from './options.js';

/**
 * `flow commit [--retry] [--yes] [--dry-run]`: the conventional-commit prompt, then
 * `git commit -F <file>` (the hooks still run; prepare-commit-msg sees source "message" and does
 * not prompt again). `--retry` commits the message the commit-msg hook refused last, after
 * editing it. read (staged changes, the message) → plan (one commit step) → execute; `--dry-run`
 * prints the message and the git commit, and writes nothing.
 */

/** The message `flow commit` hands to git. */
const DRAFT_MESSAGE = join('flowgate', 'FLOW_COMMIT_MSG');

export interface CommitOptions {
  retry: boolean;
  yes: boolean;
  dryRun: boolean;
  cwd: string;
}

/** What commit needs from outside: injectable for tests. */
export interface CommitDeps {
  /** someone is at a terminal to answer (and to edit a retried message) */
  interactive(): Promise<boolean>;
  /** the prompt: a conventional message for this branch's issue */
  ask(input: { cwd: string; packageDir: string; config: FlowgateConfig; issue?: string }): Promise<string>;
}

export function readOptions(raw: Record<string, unknown>): CommitOptions {
  return {
    retry: Boolean(raw.retry),
    yes: Boolean(raw.yes),
    dryRun: Boolean(raw.dryRun),
    cwd: cwdOption(raw),
  };
}

const defaultDeps: CommitDeps = {
  async interactive() {
    return (await import('../prompts/index.js')).isInteractive();
  },
  async ask({ cwd, packageDir, config, issue }) {
    const [{ createPrompter }, { askCommitMessage, loadLinterQuietly }] = await Promise.all([import('../prompts/index.js'), import('../prompts/commit-prompt.js')]);
    const lint = loadLinterQuietly(cwd, packageDir);
    const prompter = createPrompter();
    try {
      return await askCommitMessage(prompter, { issue, config, lint });
    } finally {
      prompter.close();
    }
  },
};

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

/**
 * The one step: `git commit <flags> <file>` with `message` (in `file` already, or written there
 * by `prepare`). Its result is the exit code: git and the hooks have said why on the terminal, so
 * a refusal adds no sentence of ours. `after` keeps or drops the saved message.
 */
function commitStep(message: string, flags: string[], file: string, opts: { cwd: string; prepare?: () => void; after(code: number): void }): Step<number> {
  const display = shown(file, opts.cwd);
  return {
    kind: 'commit',
    summary: `commit "${message.split('\n')[0]}" (git commit ${flags.join(' ')} ${display})`,
    detail: { message, command: ['git', 'commit', ...flags, display] },
    async run() {
      opts.prepare?.();
      const code = gitCommit([...flags, file], opts.cwd);
      opts.after(code);
      return code;
    },
  };
}

async function retryStep(o: CommitOptions, deps: CommitDeps, gitDir: string): Promise<Step<number>> {
  const file = join(gitDir, REFUSED_MESSAGE_FILE);
  if (!existsSync(file)) {
    throw new FlowError(`There is no refused commit message to retry (${shown(file, o.cwd)} does not exist); write a new one with \`npx flow commit\` or \`git commit\`.`);
  }
  requireStaged(o.cwd);
  const edit = !o.yes && (await deps.interactive());
  if (!o.dryRun) info(edit ? 'Opening the refused message in your editor…' : `Committing the refused message from ${shown(file, o.cwd)} as it is…`);
  return commitStep(readFileSync(file, 'utf8').replace(/\n$/, ''), edit ? ['-e', '-F'] : ['-F'], file, {
    cwd: o.cwd,
    after(code) {
      if (code === EXIT_OK) rmSync(file, { force: true });
    },
  });
}

async function newStep(o: CommitOptions, deps: CommitDeps, repo: Repo): Promise<Step<number>> {
  if (o.yes) {
    throw new UsageError('`flow commit --yes` has no subject to take as a default; commit with `git commit -m "type: subject"` instead.');
  }
  if (!(await deps.interactive())) {
    throw new UsageError('`flow commit` asks for the message at a terminal, and there is none here; commit with `git commit -m "type: subject"` instead.');
  }
  requireStaged(o.cwd);
  const loaded = await loadConfig(o.cwd);
  const branch = await repo.currentBranch();
  const issue = branch ? describeBranch(branch, loaded.config).issue : undefined;
  const message = await deps.ask({ cwd: o.cwd, packageDir: loaded.dir, config: loaded.config, issue });

  const { gitDir } = repo;
  const draft = join(gitDir, DRAFT_MESSAGE);
  let started = 0;
  return commitStep(message, ['-F'], draft, {
    cwd: o.cwd,
    prepare() {
      mkdirSync(join(gitDir, 'flowgate'), { recursive: true });
      writeFileSync(draft, `${message}\n`);
      started = Date.now();
    },
    after(code) {
      if (code !== EXIT_OK) {
        // A hook refused (pre-commit, commit-msg…): keep what was typed for `--retry`.
        const refused = join(gitDir, REFUSED_MESSAGE_FILE);
        const savedByHook = existsSync(refused) && statSync(refused).mtimeMs >= started - 1000;
        if (!savedByHook) {
          writeFileSync(refused, `${message}\n`);
          info(`Your message is kept in ${shown(refused, o.cwd)}; fix the problem above, then run \`npx flowgate commit --retry\` (flow commit --retry).`);
        }
      }
      rmSync(draft, { force: true });
    },
  });
}

export async function commit(o: CommitOptions, deps: CommitDeps = defaultDeps): Promise<number> {
  const repo = await Repo.open(o.cwd);
  const step = o.retry ? await retryStep(o, deps, repo.gitDir) : await newStep(o, deps, repo);
  const execution = await runPlan([step], { cwd: o.cwd, dryRun: o.dryRun });
  if (o.dryRun) {
    // the whole message under its `would commit` line
    result(String(step.detail.message).replace(/^(?=.)/gm, '    '));
    return EXIT_OK;
  }
  return execution.results[0] as number;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return commit(readOptions(options));
}
