import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readPackageJson } from '../fs/package-json.js';

/**
 * Where a repository's commitlint config can live (the names cosmiconfig tries). Kept apart from
 * commitlint.ts so that `flow init` can look for the file without loading commitlint itself.
 */
export const COMMITLINT_FILES = [
  '.commitlintrc',
  '.commitlintrc.json',
  '.commitlintrc.yaml',
  '.commitlintrc.yml',
  '.commitlintrc.js',
  '.commitlintrc.cjs',
  '.commitlintrc.mjs',
  '.commitlintrc.ts',
  '.commitlintrc.cts',
  '.commitlintrc.mts',
  'commitlint.config.js',
  'commitlint.config.cjs',
  'commitlint.config.mjs',
  'commitlint.config.ts',
  'commitlint.config.cts',
  'commitlint.config.mts',
];

/** The repository's own commitlint config, searched from `dir` up to `stopAt`. */
export function findCommitlintConfig(dir: string, stopAt?: string): string | undefined {
  let current = dir;
  for (;;) {
    for (const name of COMMITLINT_FILES) {
      const file = join(current, name);
      if (existsSync(file)) return file;
    }
    // an unreadable package.json is reported elsewhere
    if (readPackageJson(current)?.commitlint) return join(current, 'package.json');
    if (stopAt && current === stopAt) return undefined;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
