import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT_OK, EXIT_RULE } from '../errors.js';
import { checkBranchName } from '../core/branch.js';
import { protectedMatcher } from '../core/protected.js';
import { prefilterPatterns } from '../core/secrets/rules.js';
import { readPackageJson } from '../fs/package-json.js';
import { gitMaybe } from '../git/exec.js';
// Static: Node runs pre-commit only when the dispatcher's pre-filter saw something to scan, and a
// lazy chunk would share modules with this entry (one more file on every run).
import { stagedSecrets } from '../secrets/hook.js';
import { info, paint, sanitize, warn } from '../ui/output.js';
import type { HookContext } from './context.js';
import { PRE_COMMIT_VERDICT_FILE, SECRET_PATTERNS_FILE } from './fast-path.js';

export const LINT_STAGED_FILES = [
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.cjs',
  '.lintstagedrc.js',
  'lint-staged.config.mjs',
  'lint-staged.config.cjs',
  'lint-staged.config.js',
];

export function hasLintStagedConfig(dir: string): boolean {
  if (LINT_STAGED_FILES.some((f) => existsSync(join(dir, f)))) return true;
  const pkg = readPackageJson(dir);
  return pkg !== undefined && 'lint-staged' in pkg;
}

/** Only when it changed, and atomically: h must never grep with a half-written pattern file. */
function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/**
 * The dispatcher skips Node for pre-commit while this file names the current branch and is
 * newer than the config files: it records "nothing to do here" (not protected, a valid name,
 * no lint-staged). A second line `secrets` asks the dispatcher to pre-filter the staged diff
 * with the rules' keywords (written beside it) and start Node only when one shows up.
 */
function recordVerdict(ctx: HookContext, okBranch: string | undefined, scan: boolean): void {
  const file = join(ctx.gitDir, PRE_COMMIT_VERDICT_FILE);
  try {
    if (okBranch === undefined) rmSync(file, { force: true });
    else {
      mkdirSync(dirname(file), { recursive: true });
      if (scan) writeIfChanged(join(ctx.gitDir, SECRET_PATTERNS_FILE), `${prefilterPatterns().join('\n')}\n`);
      writeFileSync(file, `${okBranch}\n${scan ? 'secrets' : ''}\n`);
    }
  } catch {
    // an optimisation only
  }
}

/** pre-commit: no commits on protected branches; lint-staged when configured; warn on a bad branch name; no secrets in the index. */
export async function preCommit(ctx: HookContext): Promise<number> {
  const { config } = ctx.loaded;
  const checks = config.hooks['pre-commit'];
  const branch = ctx.branch;
  let quiet = branch !== undefined;
  if (branch !== undefined && checks.includes('protected-branch') && protectedMatcher(config.protected)(branch)) {
    // The very first commit of a repository has nowhere else to go: let it through.
    quiet = false;
    if (gitMaybe(['rev-parse', '--verify', '--quiet', 'HEAD']) !== undefined) {
      recordVerdict(ctx, undefined, false);
      info(
        [
          paint('red', `flowgate: commit refused: '${sanitize(branch)}' is a protected branch.`),
          '  Start a branch for your work and commit there: npx flowgate feature start <issue> (or npx flow feature start <issue>)',
          '  (your changes stay staged; `git switch -c feature/<issue>-<slug>` carries them along)',
        ].join('\n'),
      );
      return EXIT_RULE;
    }
  }
  if (branch !== undefined && checks.includes('branch-name')) {
    const check = checkBranchName(branch, config);
    if (!check.ok) quiet = false;
    if (!check.ok) warn(`${sanitize(check.reason)} (rename with: git branch -m <new-name>)`);
  }
  const lintStagedWanted = checks.includes('lint-staged') && hasLintStagedConfig(ctx.loaded.dir);
  const scanWanted = checks.includes('secrets') && config.secrets.enabled;
  recordVerdict(ctx, quiet && !lintStagedWanted ? branch : undefined, scanWanted);
  if (lintStagedWanted) {
    const { default: lintStaged } = await import('lint-staged');
    const passed = await lintStaged({ cwd: ctx.loaded.dir });
    if (!passed) {
      info(paint('red', 'flowgate: lint-staged tasks failed; fix the files above and commit again.'));
      return EXIT_RULE;
    }
  }
  if (scanWanted) {
    // After lint-staged, which may re-stage files: the scan sees what will be committed.
    return stagedSecrets(ctx);
  }
  return EXIT_OK;
}
