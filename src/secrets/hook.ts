/** pre-commit's secret scan of the index; loaded only when the hook runs it. */
import { shellQuote } from '../core/shell-quote.js';
import { EXIT_OK, EXIT_RULE } from '../errors.js';
import { info, paint, sanitize, warn } from '../ui/output.js';
import type { HookContext } from '../hooks/context.js';
import { SKIPPED_NOTE, allowAdvice, formatFinding, formatSkipped } from './report.js';
import { scanStaged } from './scan.js';

const SHOWN = 20;

export async function stagedSecrets(ctx: HookContext): Promise<number> {
  const report = await scanStaged(ctx.topLevel, ctx.loaded.config.secrets.allow);
  if (report.skipped.length) warn(`${SKIPPED_NOTE}: ${report.skipped.map(formatSkipped).join(', ')}`);
  const { findings } = report;
  if (findings.length === 0) return EXIT_OK;
  const dotenv = findings.some((f) => f.rule === 'dotenv');
  // Installed packages ship example tokens in their READMEs: the usual first-commit mistake.
  const packages = findings.map((f) => outermostModules(f.path)).find(Boolean);
  info(
    [
      paint('red', `flowgate: commit refused: the staged changes hold ${findings.length === 1 ? 'a secret' : `${findings.length} secrets`} (values masked):`),
      ...findings.slice(0, SHOWN).map((f) => `  ${formatFinding(f)}`),
      ...(findings.length > SHOWN ? [`  … and ${findings.length - SHOWN} more`] : []),
      ...(packages ? [`  ${sanitize(packages)}/ is staged, and it does not belong in git: \`git rm -r -q --cached ${shellQuote(sanitize(packages))}\`, add \`node_modules/\` to .gitignore, and commit again.`] : []),
      '  git commits what is staged, not what is on disk: take the secret out of the file, then `git add` it again' +
        (dotenv ? ' (a .env file: `git rm --cached <file>` and list it in .gitignore).' : '.'),
      '  Load it from the environment or a secret store instead. A credential that was ever pushed must be revoked.',
      ...allowAdvice(findings),
    ].join('\n'),
  );
  return EXIT_RULE;
}

/** The outermost node_modules folder a repository path lies in (`web/node_modules`), if any. */
function outermostModules(path: string): string | undefined {
  const parts = path.split('/');
  const i = parts.indexOf('node_modules');
  return i >= 0 && i < parts.length - 1 ? parts.slice(0, i + 1).join('/') : undefined;
}
