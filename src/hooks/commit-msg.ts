import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EXIT_OK, EXIT_RULE } from '../errors.js';
import { REFUSED_MESSAGE_FILE, cleanMessage, subjectOf } from '../core/message.js';
import { formatProblems } from '../lint/commitlint.js';
import { hookLinter } from './linter.js';
import { info, paint, sanitize } from '../ui/output.js';
import { allowedTypes, exampleCandidates, explainRefusal } from '../lint/explain.js';
import { commentChar } from '../git/comment-char.js';
import { sequencerState, type HookContext } from './context.js';
import { MESSAGE_SOURCE_FILE } from './fast-path.js';
import { isOnlyIssueFooter, withIssueFooter } from './issue-footer.js';
import { shellQuote } from '../core/shell-quote.js';

/** commit-msg: lint the message in the file git passes; keep a refused message for `flow commit --retry`. */
export async function commitMsg(ctx: HookContext, args: string[]): Promise<number> {
  const file = resolve(args[0] ?? join(ctx.gitDir, 'COMMIT_EDITMSG'));
  let raw = readFileSync(file, 'utf8');
  const char = commentChar(raw);
  // A `-m`/`-F` message: the dispatcher skipped prepare-commit-msg's Node start, so the footer is added here.
  const marker = join(ctx.gitDir, MESSAGE_SOURCE_FILE);
  if (existsSync(marker)) {
    rmSync(marker, { force: true });
    const updated = sequencerState(ctx.gitDir) ? undefined : withIssueFooter(ctx, raw, char);
    if (updated !== undefined) {
      writeFileSync(file, updated);
      raw = updated;
    }
  }
  if (!ctx.loaded.config.hooks['commit-msg'].includes('commitlint')) return EXIT_OK;
  const message = cleanMessage(raw, char);
  if (message === '') return EXIT_OK; // git aborts an empty message itself
  if (isOnlyIssueFooter(ctx, message)) {
    // The editor was closed without a message: leave git an empty one so it aborts as usual.
    writeFileSync(file, '');
    return EXIT_OK;
  }
  const lint = await hookLinter(ctx);
  const outcome = await lint(message);
  if (outcome.valid) {
    if (outcome.warnings.length) info(formatProblems(outcome).join('\n'));
    return EXIT_OK;
  }
  const saved = join(ctx.gitDir, REFUSED_MESSAGE_FILE);
  mkdirSync(join(ctx.gitDir, 'flowgate'), { recursive: true });
  writeFileSync(saved, message + '\n');
  const shown = relative(process.cwd(), saved) || saved;
  const header = sanitize(subjectOf(message));
  const types = allowedTypes(lint.rules);
  let example: string | undefined;
  for (const candidate of exampleCandidates(header, types)) {
    if ((await lint(candidate)).valid) {
      example = candidate;
      break;
    }
  }
  info(
    [
      paint('red', 'flowgate: commit message refused: it does not follow the commit convention.'),
      ...explainRefusal({ header, errors: outcome.errors, types, example: example ?? exampleCandidates('', types)[0]! }),
      ...outcome.warnings.map((p) => `  ⚠ ${p.message} [${p.name}]`),
      '',
      `  Your message is kept in ${shellQuote(shown)}. Fix it and commit again with:`,
      '    npx flowgate commit --retry    (the same as: flow commit --retry)',
      `  or: git commit -e -F ${shellQuote(shown)}`,
    ].join('\n'),
  );
  return EXIT_RULE;
}
