import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import lint from '@commitlint/lint';
import conventional from '@commitlint/config-conventional';
import createPreset from 'conventional-changelog-conventionalcommits';
import type { LintOptions, QualifiedRules } from '@commitlint/types';
import { FlowError, errorMessage } from '../errors.js';
import { findCommitlintConfig } from './config-files.js';

export { COMMITLINT_FILES, findCommitlintConfig } from './config-files.js';

/**
 * Commit message linting with commitlint. The default (no commitlint config in the repository)
 * is config-conventional, built in without @commitlint/load. A repository's own config is
 * loaded once by @commitlint/load and cached, keyed by the config files' size and mtime,
 * so later commits skip cosmiconfig and the TypeScript loader.
 */

export interface LintProblem {
  level: number;
  name: string;
  message: string;
}

export interface LintOutcome {
  valid: boolean;
  errors: LintProblem[];
  warnings: LintProblem[];
}

export type Linter = ((message: string) => Promise<LintOutcome>) & {
  /** the effective rules (type-enum lists the allowed types) */
  rules?: Readonly<Record<string, unknown>>;
};

interface CachedConfig {
  /** the files whose size and mtime make the key */
  deps: string[];
  key: string;
  rules: QualifiedRules;
  options: LintOptions;
}

function fingerprint(files: string[]): string {
  return files
    .map((f) => {
      try {
        const s = statSync(f);
        return `${f}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${f}:-`;
      }
    })
    .join('|');
}

function containsFunction(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'function') return true;
  if (!value || typeof value !== 'object' || seen.has(value) || value instanceof RegExp) return false;
  seen.add(value);
  return Object.values(value).some((v) => containsFunction(v, seen));
}

const REGEXP_TAG = '__flowgate_regexp__';

function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof RegExp ? { [REGEXP_TAG]: [v.source, v.flags] } : v));
}

function deserialize<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && REGEXP_TAG in v) {
      const [source, flags] = (v as Record<string, [string, string]>)[REGEXP_TAG]!;
      return new RegExp(source, flags);
    }
    return v;
  }) as T;
}

function localExtends(configFile: string, names: string[]): string[] {
  const files: string[] = [];
  for (const name of names) {
    if (!name.startsWith('.')) continue;
    const base = resolve(dirname(configFile), name);
    const found = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.json'].map((ext) => base + ext).find((f) => existsSync(f) && statSync(f).isFile());
    files.push(found ?? base);
  }
  return files;
}

let defaultParserOpts: LintOptions['parserOpts'] | undefined;

function defaultOptions(): { rules: QualifiedRules; options: LintOptions } {
  defaultParserOpts ??= (createPreset() as { parser: LintOptions['parserOpts'] }).parser;
  return {
    rules: conventional.rules as QualifiedRules,
    options: { parserOpts: defaultParserOpts, helpUrl: 'https://www.conventionalcommits.org/' },
  };
}

async function loadUserConfig(configFile: string, cwd: string, cacheFile?: string): Promise<{ rules: QualifiedRules; options: LintOptions }> {
  const baseDeps = [configFile, join(dirname(configFile), 'package.json'), join(cwd, 'node_modules', '.package-lock.json'), join(cwd, 'package-lock.json')];
  if (cacheFile && existsSync(cacheFile)) {
    try {
      const cached = deserialize<CachedConfig>(readFileSync(cacheFile, 'utf8'));
      if (cached.deps[0] === configFile && cached.key === `v2|${fingerprint(cached.deps)}`) return cached;
    } catch {
      // a corrupt cache is rebuilt below
    }
  }
  let loaded;
  try {
    const { default: load } = await import('@commitlint/load');
    loaded = await load({}, { cwd: dirname(configFile), file: configFile });
  } catch (error) {
    const message = errorMessage(error);
    // pnpm, Yarn PnP or a missing install: the shared config flowgate itself ships is still here.
    if (/@commitlint\/config-conventional/.test(message)) {
      process.stderr.write(`flowgate: warning: ${configFile} extends @commitlint/config-conventional, which the project does not resolve; using flowgate's own copy (install it in the project to silence this).\n`);
      return defaultOptions();
    }
    throw new FlowError(`Cannot load commitlint config ${configFile}: ${message.split('\n')[0]}; fix it or run \`npx flow doctor\`.`);
  }
  const options: LintOptions = {
    parserOpts: (loaded.parserPreset?.parserOpts ?? defaultOptions().options.parserOpts) as LintOptions['parserOpts'],
    plugins: loaded.plugins,
    ignores: loaded.ignores,
    defaultIgnores: loaded.defaultIgnores,
    helpUrl: loaded.helpUrl,
  };
  const result = { rules: loaded.rules, options };
  const cacheable = Object.keys(loaded.plugins ?? {}).length === 0 && !(loaded.ignores?.length) && !containsFunction(result);
  if (cacheFile && cacheable) {
    try {
      // Local files the config extends (`./shared-rules.mjs`) are part of the key too.
      const deps = [...baseDeps, ...localExtends(configFile, loaded.extends ?? [])];
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, serialize({ deps, key: `v2|${fingerprint(deps)}`, ...result }));
    } catch {
      // caching is an optimisation only
    }
  }
  return result;
}

/** Where a repository's loaded commitlint config is cached: in the git common dir, shared by worktrees. */
export function commitlintCacheFile(commonDir: string): string {
  return join(commonDir, 'flowgate', 'commitlint-cache.json');
}

/**
 * A linter for the repository at `packageDir`. `cacheFile` (under the git dir) keeps what
 * loading a user config produced.
 */
export async function createLinter(packageDir: string, opts: { repoRoot?: string; cacheFile?: string } = {}): Promise<Linter> {
  const configFile = findCommitlintConfig(packageDir, opts.repoRoot);
  const { rules, options } = configFile ? await loadUserConfig(configFile, packageDir, opts.cacheFile) : defaultOptions();
  // The parser's reference regex is the costliest part of linting (it runs on every line); when no
  // issue prefix occurs in a message it cannot match, so it is switched off for that message.
  const prefixes = ((options.parserOpts as { issuePrefixes?: string[] } | undefined)?.issuePrefixes ?? ['#']).map((p) => p.toLowerCase());
  const withoutReferences: LintOptions = { ...options, parserOpts: { ...options.parserOpts, issuePrefixes: null } as unknown as LintOptions['parserOpts'] };
  const linter: Linter = async (message) => {
    const lower = message.toLowerCase();
    // The same regex backtracks badly on huge messages: past 64 KiB, references are not parsed
    // (no config-conventional rule reads them).
    const references = message.length <= 65_536 && prefixes.some((p) => lower.includes(p));
    const outcome = await lint(message, rules, references ? options : withoutReferences);
    const map = (p: { level: number; name: string; message: string }) => ({ level: p.level, name: p.name, message: p.message });
    return { valid: outcome.valid, errors: outcome.errors.map(map), warnings: outcome.warnings.map(map) };
  };
  linter.rules = rules as Record<string, unknown>;
  return linter;
}

export function formatProblems(outcome: LintOutcome): string[] {
  return [...outcome.errors.map((p) => `  ✖ ${p.message} [${p.name}]`), ...outcome.warnings.map((p) => `  ⚠ ${p.message} [${p.name}]`)];
}
