import { commitlintCacheFile, createLinter, type Linter } from '../lint/commitlint.js';
import type { HookContext } from './context.js';

/** The commit linter for a hook, caching a repository's commitlint config in the git common dir. */
export function hookLinter(ctx: HookContext): Promise<Linter> {
  return createLinter(ctx.loaded.dir, { repoRoot: ctx.topLevel, cacheFile: commitlintCacheFile(ctx.commonDir) });
}
