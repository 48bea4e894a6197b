import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { andList } from '../core/english.js';
import { FlowError, errorMessage } from '../errors.js';
import { readPackageFile, type PackageFile } from '../fs/package-json.js';
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
 * naming each (`names` as configSources gives them).
 */
export function configConflict(dir: string, names: string[]): string | undefined {
  if (names.length < 2) return undefined;
  return `Two flowgate configs in ${dir}: ${andList(names)}; keep one (move its settings into the other and delete it, or the "flowgate" key of package.json).`;
}

/** package.json's "flowgate" key, as config sources name it. */
export const PACKAGE_KEY = 'package.json#flowgate';

/**
 * Where `dir` gives a flowgate config: the config files there (in CONFIG_FILES order), then
 * PACKAGE_KEY when package.json has the key; and package.json as read, for callers that need it.
 */
export function configSources(dir: string): { names: string[]; packageFile?: PackageFile } {
  const packageFile = readPackageFile(dir);
  const names = CONFIG_FILES.filter((name) => existsSync(join(dir, name)));
  if (packageFile?.data?.flowgate !== undefined) names.push(PACKAGE_KEY);
  return { names, packageFile };
}

/** Read the raw user config (unvalidated) and where it came from; two sources are an error. */
export async function readRawConfig(dir: string): Promise<{ input: unknown; file: string } | undefined> {
  const { names, packageFile: pkg } = configSources(dir);
  // With a config file, a broken package.json is npm's to report, not a config error.
  if (pkg?.error !== undefined && names.length === 0) throw new FlowError(`Cannot parse ${pkg.file}: ${errorMessage(pkg.error)}; fix the JSON.`);
  const conflict = configConflict(dir, names);
  if (conflict) throw new FlowError(conflict);
  const name = names[0];
  if (name === undefined) return undefined;
  if (name === PACKAGE_KEY) return { input: pkg!.data!.flowgate, file: `${pkg!.file}#flowgate` };
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
