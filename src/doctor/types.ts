import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import type { RepositoryDirs } from '../git/locate.js';
import type { PackageManager } from '../templates/package-manager.js';

/**
 * `flow doctor` is a list of small checks, one per file in ./checks (commitlint's rule layout).
 * Each reads one thing and returns results; none changes anything. `fail` is what stops hooks or
 * config from working (exit 1); `warn` is what only limits flowgate (no remote, no forge, no token).
 */
export type Status = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
  /** the setting (`FLOWGATE_SKIP=1`) that leaves every hook installed but checking nothing here */
  switchedOff?: string;
}

/** Where git runs this repository's hooks from, and who put what there. */
export interface HooksState {
  /** the folder git runs hooks from */
  dir: string;
  /** why: core.hooksPath set in .git/config, in this worktree's config.worktree, elsewhere (global, system, `git -c`), or the default .git/hooks */
  source: 'default' | 'local' | 'worktree' | 'inherited';
  /** the core.hooksPath value git uses, when one is set */
  value?: string;
  /** the config file that value came from */
  origin?: string;
  /** flowgate's stubs (.git/hooks), husky's .husky/_, or another manager's folder */
  layout: 'flowgate' | 'husky' | 'foreign';
}

export interface DoctorContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** the package folder (package.json / flowgate config), as install and the hooks find it */
  packageDir: string;
  /** undefined outside a git work tree */
  repo?: RepositoryDirs;
  /** the main worktree's package folder (the same as packageDir outside a linked worktree) */
  mainPackageDir: string;
  hooks?: HooksState;
  packageManager: PackageManager;
  /**
   * The package's config, loaded on the first call and shared after, so each check can ask for it
   * and none depends on running after another. Rejects when the config is invalid.
   */
  config(): Promise<LoadedConfig>;
}

export type Check = (ctx: DoctorContext) => CheckResult[] | Promise<CheckResult[]>;

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const warn = (name: string, detail: string, fix?: string): CheckResult => ({ name, status: 'warn', detail, fix });
export const fail = (name: string, detail: string, fix?: string): CheckResult => ({ name, status: 'fail', detail, fix });

/** The config when it is valid: an invalid one is the config check's failure, which others leave to it. */
export async function validConfig(ctx: DoctorContext): Promise<LoadedConfig | undefined> {
  try {
    return await ctx.config();
  } catch {
    return undefined;
  }
}

/** A path as the user knows it: relative to the work tree when inside it. */
export function show(ctx: DoctorContext, path: string): string {
  const base = ctx.repo?.topLevel ?? ctx.cwd;
  const rel = relative(base, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}

export function same(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * The command that puts flowgate back (and with it the hooks): the package manager's install
 * when flowgate is not installed, because `npx flowgate` cannot run then.
 */
export function reinstall(ctx: DoctorContext): string {
  return ctx.packageManager.installHint;
}

/** `npx flowgate install`, in the package manager's own words. */
export function installHooksCommand(ctx: DoctorContext): string {
  return `${ctx.packageManager.exec} install`;
}
