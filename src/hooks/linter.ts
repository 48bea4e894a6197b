import { join } from 'node:path';
import { createLinter, type Linter } from '../lint/commitlint.js';
import type { HookContext } from './context.js';

/** The commit linter for a hook, caching a repository's commitlint config in the git common dir. */
export function hookLinter(ctx: HookContext): Promise<Linter> {
  return createLinter(ctx.loaded.dir, { repoRoot: ctx.topLevel, cacheFile: join(ctx.commonDir, 'flowgate', 'commitlint-cache.json') });
}
