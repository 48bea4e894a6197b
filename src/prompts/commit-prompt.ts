import type { FlowgateConfig } from '../config/types.js';
import { COMMIT_TYPES, composeMessage, header, validateScope, validateSubject, type CommitAnswers } from '../core/commit-compose.js';
import { issueReference } from '../core/issue.js';
import { gitMaybe } from '../git/exec.js';
import type { Linter } from '../lint/commitlint.js';
import type { Prompter } from './index.js';

export interface CommitPromptOptions {
  /** the branch's issue id (`123`, `ABC-7`): prefilled in the issues question */
  issue?: string;
  config: FlowgateConfig;
  /** the repository's commitlint rules; the header is checked against them at the subject question */
  lint?: Promise<Linter | undefined>;
}

/** Header problems only (type, scope, subject, header rules): the body is not written yet. */
async function headerProblems(lint: Promise<Linter | undefined> | undefined, text: string): Promise<string[]> {
  const linter = await lint?.catch(() => undefined);
  if (!linter) return [];
  try {
    const outcome = await linter(text);
    return outcome.errors.filter((e) => /^(header|subject|type|scope)-/.test(e.name)).map((e) => e.message);
  } catch {
    return [];
  }
}

/** Ask type, scope, subject, body, breaking change and issues; return the answers. */
export async function askCommitAnswers(p: Prompter, opts: CommitPromptOptions): Promise<CommitAnswers> {
  const width = Math.max(...COMMIT_TYPES.map((t) => t.value.length));
  const type = await p.select({
    name: 'type',
    message: 'Type of change',
    choices: COMMIT_TYPES.map((t) => ({ value: t.value, name: `${t.value.padEnd(width)}  ${t.description}` })),
    default: 'feat',
  });
  const scope = (
    await p.input({
      name: 'scope',
      message: 'Scope (optional, e.g. api, ui; Enter to skip)',
      validate: validateScope,
    })
  ).trim();
  // Breaking is asked after the subject, so the length check assumes the `!` may be added.
  const subject = (
    await p.input({
      name: 'subject',
      message: 'Subject (imperative, lower case, no period)',
      required: true,
      validate: async (value) => {
        const basic = validateSubject(value, { type, scope, breaking: 'x' });
        if (basic !== true) return basic;
        const problems = await headerProblems(opts.lint, header({ type, scope, subject: value }));
        return problems.length ? problems.join('; ') : true;
      },
    })
  ).trim();
  const body = (
    await p.input({
      name: 'body',
      message: 'Body: why and what changed (optional; Enter to skip)',
    })
  ).trim();
  let breaking = '';
  if (await p.confirm({ name: 'breaking', message: 'Is this a breaking change?', default: false })) {
    breaking = (
      await p.input({
        name: 'breakingDescription',
        message: 'Describe the breaking change and how to migrate',
        required: true,
        validate: (value) => (value.trim() === '' ? 'A breaking change needs a description.' : true),
      })
    ).trim();
  }
  const issues = (
    await p.input({
      name: 'issues',
      message: `Issues (${opts.config.issueFooter}: …; e.g. #123, ABC-7; Enter to skip)`,
      default: opts.issue ? issueReference(opts.issue) : undefined,
      prefill: Boolean(opts.issue),
    })
  ).trim();
  return { type, scope, subject, body, breaking, issues };
}

/** The whole prompt: answers composed into `type(scope)!: subject` + body + footers. */
export async function askCommitMessage(p: Prompter, opts: CommitPromptOptions): Promise<string> {
  const answers = await askCommitAnswers(p, opts);
  return composeMessage(answers, { issueFooter: opts.config.issueFooter, issuePattern: opts.config.issuePattern });
}

/**
 * The repository's linter (commitlint config from `packageDir`, default FLOWGATE_PACKAGE_DIR or the
 * work tree's top), loaded in the background while the first questions are answered.
 */
export function loadLinterQuietly(cwd?: string, packageDir?: string): Promise<Linter | undefined> {
  const root = gitMaybe(['rev-parse', '--show-toplevel'], { cwd });
  const commonDir = gitMaybe(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd });
  return import('../lint/commitlint.js')
    .then(({ createLinter, commitlintCacheFile }) =>
      createLinter(packageDir ?? process.env.FLOWGATE_PACKAGE_DIR ?? root ?? process.cwd(), {
        repoRoot: root,
        cacheFile: commonDir ? commitlintCacheFile(commonDir) : undefined,
      }),
    )
    .catch(() => undefined);
}
