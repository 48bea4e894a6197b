import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configSources, findPackageDir, loadConfig, PACKAGE_KEY } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { FlowError, errorMessage } from '../errors.js';
import { defaultRunner, promptFree } from '../forge/token.js';
import { gitMaybe } from '../git/exec.js';
import { locateRepository } from '../git/locate.js';
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
  /** origin answered and has no branches at all: a new repository's first push is init's to make (asked on first call) */
  originEmpty: () => boolean;
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
  // init's own advice (run git init, then init again) rather than Repo.open's general one
  const repoRoot = locateRepository(cwd)?.topLevel;
  if (!repoRoot) throw new FlowError(`${cwd} is not inside a git work tree; run \`git init\` first, then \`npx flow init\`.`);
  const packageDir = realpathSync(findPackageDir(cwd));

  const { names, packageFile } = configSources(packageDir);
  let packageJson: InitState['packageJson'];
  if (packageFile) {
    // one that is there but cannot be read stops init (as it always has), rather than read as missing
    if (packageFile.text === undefined) throw packageFile.error;
    packageJson = { file: packageFile.file, text: packageFile.text, data: packageFile.data };
  }
  const first = names[0];
  let configSource: InitState['configSource'];
  if (first === PACKAGE_KEY) configSource = { file: `${packageFile!.file}#flowgate`, kind: 'package.json' };
  else if (first) configSource = { file: join(packageDir, first), kind: first.endsWith('.json') ? 'json' : 'other' };
  const configConflict = names.length > 1;

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
  const originBranches = listRefs(cwd, 'refs/remotes/origin/');
  const hasOrigin = gitMaybe(['remote', 'get-url', 'origin'], { cwd }) !== undefined;
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
    originBranches,
    hasOrigin,
    originEmpty: once(() => hasOrigin && originBranches.length === 0 && remoteHasNoBranches(cwd)),
    currentBranch: symbolic || undefined,
    packageManager: detectPackageManager(packageDir, repoRoot),
    existing,
    conventionalInstalled: packageInstalled(packageDir, '@commitlint/config-conventional'),
  };
}

function once<T>(f: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: f() }).v;
}

/**
 * Asked only when init would push develop and this clone knows no branch of origin: one
 * `git ls-remote`, which never prompts and gives up after 10 s. Offline, refused or slow, the
 * answer is "not known to be empty", and init pushes develop alone.
 */
function remoteHasNoBranches(cwd: string): boolean {
  const r = defaultRunner('git', ['ls-remote', '--heads', 'origin'], { cwd, env: promptFree(process.env), timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() === '';
}
