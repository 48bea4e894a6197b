import { loadConfig } from '../config/load.js';
import { parseIssueId } from '../core/issue.js';
import { isSemver, startBranchName } from '../core/branch.js';
import { startBase } from '../core/branch-model.js';
import { FlowError, UsageError } from '../errors.js';
import { gitRaw } from '../git/exec.js';
import { requireWorkTree } from '../flow/worktree.js';
import { info, json, result, sanitize, success, warn } from '../ui/output.js';

/**
 * `flow feature|bugfix|hotfix start <issue|slug> [description…]`.
 * Read (config, description: flag → words → forge issue title → prompt) → plan (name, base) →
 * execute (createFlowBranch: fetch, then `git switch -c`).
 */

export interface StartOptions {
  type: string;
  subject: string;
  words?: string[];
  description?: string;
  fetch?: boolean;
  yes?: boolean;
  json?: boolean;
  cwd?: string;
}

/** What the user wrote as the description, or undefined when nothing was given. */
function givenDescription(o: StartOptions): string | undefined {
  const text = [o.description, ...(o.words ?? [])].filter((w): w is string => typeof w === 'string' && w.trim() !== '').join(' ');
  return text.trim() === '' ? undefined : text;
}

async function askDescription(issue: string): Promise<string> {
  const { createPrompter } = await import('../prompts/index.js');
  const prompter = createPrompter();
  try {
    return await prompter.input({
      name: 'description',
      message: `Short description for the branch of issue ${issue} (Enter for none)`,
    });
  } finally {
    prompter.close();
  }
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const o = options as unknown as StartOptions;
  const cwd = o.cwd ?? process.cwd();
  requireWorkTree(cwd);
  const { config } = await loadConfig(cwd);
  if (!config.branchTypes.includes(o.type)) {
    throw new UsageError(`'${o.type}' is not one of this repository's branch types (${config.branchTypes.join(', ')}); add it to branchTypes in the flowgate config.`);
  }
  const subject = String(o.subject ?? '');
  const base = startBase(o.type, config);
  let description = givenDescription(o);

  // An issue with no description: the forge's title, else a prompt at a terminal, else none.
  const issue = parseIssueId(subject, config.issuePattern);
  const versioned = o.type === 'hotfix' && isSemver(subject);
  if (issue && !versioned && description === undefined) {
    const { issueTitle } = await import('../flow/forge.js');
    const title = await issueTitle(cwd, config, issue, (why) => warn(`could not read the title of issue ${issue} (${why}); going on without it.`));
    if (title) {
      info(`Issue ${issue}: ${sanitize(title)}`);
      description = title;
    } else if (!o.yes) {
      const { isInteractive } = await import('../prompts/index.js');
      if (isInteractive()) description = await askDescription(issue);
    }
  }

  const planned = startBranchName({ type: o.type, subject, description }, config);
  if (!planned.ok) throw new UsageError(`${planned.reason}.`);
  const name = planned.name;
  // startBranchName only builds valid names; git has the last word all the same.
  if (gitRaw(['check-ref-format', '--branch', name], { cwd }).code !== 0) {
    throw new FlowError(`'${sanitize(name)}' is not a valid branch name; use another description.`);
  }

  const { createFlowBranch } = await import('../flow/start-branch.js');
  const created = await createFlowBranch({ cwd, name, base, fetch: o.fetch !== false, main: config.branches.main });
  success(`Switched to a new branch '${name}' from ${created.startPoint}`);
  if (o.json) {
    json({ branch: name, base, startPoint: created.startPoint, fetched: created.fetched, issue: planned.issue ?? null, version: planned.version ?? null });
  } else {
    result(name);
  }
  return 0;
}
