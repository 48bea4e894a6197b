import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { ConfigCache } from '../config/cache.js';
import type { LoadedConfig } from '../config/types.js';
import { git } from '../git/exec.js';

/** What every hook needs, read with one git call (plus a file read for HEAD). */
export interface HookContext {
  /** this worktree's git dir (HEAD, MERGE_HEAD, rebase state live here) */
  gitDir: string;
  /** the repository's common dir (shared by worktrees) */
  commonDir: string;
  /** the work tree's root, where git runs hooks */
  topLevel: string;
  /** checked-out branch, or undefined when HEAD is detached */
  branch: string | undefined;
  loaded: LoadedConfig;
}

export function readHeadBranch(gitDir: string): string | undefined {
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Set by scripts/hook-bundle.js in the hook bundles: the identity of the config validator built into them. */
declare const __FLOWGATE_CONFIG_BUILD__: string | undefined;

function configCache(commonDir: string): ConfigCache | undefined {
  const build = typeof __FLOWGATE_CONFIG_BUILD__ === 'string' ? __FLOWGATE_CONFIG_BUILD__ : undefined;
  return build && commonDir ? { file: join(resolve(commonDir), 'flowgate', 'config-cache.json'), build } : undefined;
}

export async function hookContext(): Promise<HookContext> {
  // The dispatcher (hooks/h) already asked git; git runs hooks from the work tree's root.
  const env = process.env;
  const [gitDir = '', commonDir = '', topLevel = ''] =
    env.FLOWGATE_GIT_DIR && env.FLOWGATE_COMMON_DIR
      ? [env.FLOWGATE_GIT_DIR, env.FLOWGATE_COMMON_DIR, process.cwd()]
      : git(['rev-parse', '--absolute-git-dir', '--git-common-dir', '--show-toplevel']).split('\n');
  return {
    gitDir,
    commonDir: resolve(commonDir),
    topLevel: topLevel || process.cwd(),
    branch: readHeadBranch(gitDir),
    loaded: await loadConfig(process.env.FLOWGATE_PACKAGE_DIR ?? (topLevel || process.cwd()), configCache(commonDir)),
  };
}

/** A sequencer state in which git writes messages itself: hooks leave those alone. */
export function sequencerState(gitDir: string): 'rebase' | 'cherry-pick' | 'revert' | 'merge' | undefined {
  if (existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'))) return 'rebase';
  if (existsSync(join(gitDir, 'CHERRY_PICK_HEAD'))) return 'cherry-pick';
  if (existsSync(join(gitDir, 'REVERT_HEAD'))) return 'revert';
  if (existsSync(join(gitDir, 'MERGE_HEAD'))) return 'merge';
  return undefined;
}
