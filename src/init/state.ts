import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_FILES, findPackageDir, loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { FlowError, errorMessage } from '../errors.js';
import { gitMaybe, gitRaw } from '../git/exec.js';
import { findCommitlintConfig } from '../lint/config-files.js';
import { TEMPLATES } from '../templates/catalog.js';
import { detectPackageManager, type PackageManager } from '../templates/package-manager.js';

/** Everything `flow init` reads before deciding anything. */
export interface InitState {
  repoRoot: string;
  packageDir: string;
  /** where the flowgate config lives now: a file, or package.json#flowgate */
  configSource?: { file: string; kind: 'json' | 'other' | 'package.json' };
  /** the effective config (defaults when there is none); undefined when the existing one is invalid */
  config?: FlowgateConfig;
  /** why the existing config could not be loaded */
  configError?: string;
  /** more than one config source (files, package.json#flowgate): --force cannot pick one */
  configConflict?: boolean;
  /** the raw flowgate.config.json, when that is where the config lives and it parses */
  configJson?: Record<string, unknown>;
  /** the repository's commitlint config, wherever it is */
  commitlintConfig?: string;
  packageJson?: { file: string; text: string; data?: Record<string, unknown> };
  /** the local `commit.template` */
  commitTemplate?: string;
  localBranches: string[];
  /** branches on origin, as fetched (origin/<name> without the prefix) */
  originBranches: string[];
  hasOrigin: boolean;
  /** the checked-out branch (also when it has no commit yet) */
  currentBranch?: string;
  packageManager: PackageManager;
  /** absolute paths among the templates' targets and aliases that exist */
  existing: Set<string>;
  /** @commitlint/config-conventional can be found from the package folder (pnpm does not hoist flowgate's copy) */
  conventionalInstalled: boolean;
}

/** Node's lookup of a package by name: node_modules/<name> in the folder or any parent. */
export function packageInstalled(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

function listRefs(cwd: string, prefix: string): string[] {
  const out = gitMaybe(['for-each-ref', '--format=%(refname)', prefix], { cwd }) ?? '';
  return out
    .split('\n')
    .filter(Boolean)
    .map((r) => r.slice(prefix.length))
    .filter((r) => r !== 'HEAD');
}

export async function readInitState(cwd: string): Promise<InitState> {
  const top = gitRaw(['rev-parse', '--show-toplevel'], { cwd });
  if (top.code !== 0 || !top.stdout.trim()) {
    throw new FlowError(`${cwd} is not inside a git work tree; run \`git init\` first, then \`npx flow init\`.`);
  }
  const repoRoot = realpathSync(top.stdout.trim());
  const packageDir = realpathSync(findPackageDir(cwd));

  let configSource: InitState['configSource'];
  const configFiles = CONFIG_FILES.filter((name) => existsSync(join(packageDir, name)));
  const first = configFiles[0];
  if (first) configSource = { file: join(packageDir, first), kind: first.endsWith('.json') ? 'json' : 'other' };
  let configConflict = configFiles.length > 1;
  const pkgFile = join(packageDir, 'package.json');
  let packageJson: InitState['packageJson'];
  if (existsSync(pkgFile)) {
    const text = readFileSync(pkgFile, 'utf8');
    let data: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    } catch {
      data = undefined;
    }
    packageJson = { file: pkgFile, text, data };
    if (data?.flowgate !== undefined) {
      if (configSource) configConflict = true;
      else configSource = { file: `${pkgFile}#flowgate`, kind: 'package.json' };
    }
  }

  let config: FlowgateConfig | undefined;
  let configError: string | undefined;
  try {
    config = (await loadConfig(packageDir)).config;
  } catch (error) {
    configError = errorMessage(error);
  }
  let configJson: Record<string, unknown> | undefined;
  if (configSource?.kind === 'json') {
    try {
      const parsed: unknown = JSON.parse(readFileSync(configSource.file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) configJson = parsed as Record<string, unknown>;
    } catch {
      configJson = undefined;
    }
  }

  const existing = new Set<string>();
  for (const t of TEMPLATES) {
    const base = t.base === 'repo' ? repoRoot : packageDir;
    for (const p of [t.target, ...(t.aliases ?? [])]) if (existsSync(join(base, p))) existing.add(join(base, p));
  }

  const symbolic = gitMaybe(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd });
  return {
    repoRoot,
    packageDir,
    configSource,
    config,
    configError,
    configConflict,
    configJson,
    commitlintConfig: findCommitlintConfig(packageDir, repoRoot),
    packageJson,
    commitTemplate: gitMaybe(['config', '--local', '--get', 'commit.template'], { cwd }) || undefined,
    localBranches: listRefs(cwd, 'refs/heads/'),
    originBranches: listRefs(cwd, 'refs/remotes/origin/'),
    hasOrigin: gitMaybe(['remote', 'get-url', 'origin'], { cwd }) !== undefined,
    currentBranch: symbolic || undefined,
    packageManager: detectPackageManager(packageDir, repoRoot),
    existing,
    conventionalInstalled: packageInstalled(packageDir, '@commitlint/config-conventional'),
  };
}
