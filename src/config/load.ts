import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { andList } from '../core/english.js';
import { FlowError, errorMessage } from '../errors.js';
import { defaultConfig } from './defaults.js';
import { resolveConfigCached, type ConfigCache } from './cache.js';
import type { LoadedConfig } from './types.js';

export const CONFIG_FILES = ['flowgate.config.ts', 'flowgate.config.mjs', 'flowgate.config.js', 'flowgate.config.json'];

/**
 * The package directory: where package.json sits, searching up from `cwd` but never past the
 * repository root. Hooks are told it by the dispatcher (FLOWGATE_PACKAGE_DIR) because git runs
 * them from the work tree's root, which in a monorepo is above the package.
 */
export function findPackageDir(cwd = process.cwd()): string {
  const fromEnv = process.env.FLOWGATE_PACKAGE_DIR;
  if (fromEnv && existsSync(fromEnv)) return resolve(fromEnv);
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) || CONFIG_FILES.some((f) => existsSync(join(dir, f)))) return dir;
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/**
 * Two places giving a config, where one would be silently ignored: the message that says so,
 * naming each (`names` as found in `dir`, package.json's key as `package.json#flowgate`).
 */
export function configConflict(dir: string, names: string[]): string | undefined {
  if (names.length < 2) return undefined;
  return `Two flowgate configs in ${dir}: ${andList(names)}; keep one (move its settings into the other and delete it, or the "flowgate" key of package.json).`;
}

/** Read the raw user config (unvalidated) and where it came from; two sources are an error. */
export async function readRawConfig(dir: string): Promise<{ input: unknown; file: string } | undefined> {
  const files = CONFIG_FILES.filter((name) => existsSync(join(dir, name)));
  const pkgFile = join(dir, 'package.json');
  let pkg: Record<string, unknown> | undefined;
  if (existsSync(pkgFile)) {
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      // With a config file, a broken package.json is npm's to report, not a config error.
      if (files.length === 0) throw new FlowError(`Cannot parse ${pkgFile}: ${errorMessage(error)}; fix the JSON.`);
    }
  }
  const fromPackage = pkg !== null && typeof pkg === 'object' && pkg.flowgate !== undefined;
  const conflict = configConflict(dir, fromPackage ? [...files, 'package.json#flowgate'] : files);
  if (conflict) throw new FlowError(conflict);
  const name = files[0];
  if (name === undefined) return fromPackage ? { input: pkg!.flowgate, file: `${pkgFile}#flowgate` } : undefined;
  const file = join(dir, name);
  try {
    if (name.endsWith('.json')) return { input: JSON.parse(readFileSync(file, 'utf8')), file };
    if (name.endsWith('.ts')) {
      const { createJiti } = await import('jiti');
      const jiti = createJiti(import.meta.url, { moduleCache: false });
      return { input: await jiti.import(file, { default: true }), file };
    }
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return { input: mod.default ?? mod, file };
  } catch (error) {
    throw new FlowError(`Cannot read config ${file}: ${errorMessage(error).split('\n')[0]}; fix the file or delete it.`);
  }
}

const cache = new Map<string, Promise<LoadedConfig>>();

/**
 * Load, validate and merge the configuration for the package around `cwd`. Zero config works.
 * Hooks pass `cache` to skip validating a JSON config they validated before (config/cache.ts).
 */
export function loadConfig(cwd = process.cwd(), validatedCache?: ConfigCache): Promise<LoadedConfig> {
  const dir = findPackageDir(cwd);
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = (async () => {
      const raw = await readRawConfig(dir);
      if (!raw) return { config: defaultConfig(), dir };
      return { config: await resolveConfigCached(raw.input, raw.file, validatedCache), file: raw.file, dir };
    })();
    cache.set(dir, loaded);
  }
  return loaded;
}

export function clearConfigCache(): void {
  cache.clear();
}
