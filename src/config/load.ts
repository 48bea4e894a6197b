import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlowError, errorMessage } from '../errors.js';
import { defaultConfig } from './defaults.js';
import { resolveConfig } from './validate.js';
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

/** Read the raw user config (unvalidated) and where it came from. */
export async function readRawConfig(dir: string): Promise<{ input: unknown; file: string } | undefined> {
  for (const name of CONFIG_FILES) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
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
  const pkgFile = join(dir, 'package.json');
  if (existsSync(pkgFile)) {
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new FlowError(`Cannot parse ${pkgFile}: ${errorMessage(error)}; fix the JSON.`);
    }
    if (pkg.flowgate !== undefined) return { input: pkg.flowgate, file: `${pkgFile}#flowgate` };
  }
  return undefined;
}

const cache = new Map<string, Promise<LoadedConfig>>();

/** Load, validate and merge the configuration for the package around `cwd`. Zero config works. */
export function loadConfig(cwd = process.cwd()): Promise<LoadedConfig> {
  const dir = findPackageDir(cwd);
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = (async () => {
      const raw = await readRawConfig(dir);
      if (!raw) return { config: defaultConfig(), dir };
      return { config: await resolveConfig(raw.input, raw.file), file: raw.file, dir };
    })();
    cache.set(dir, loaded);
  }
  return loaded;
}

export function clearConfigCache(): void {
  cache.clear();
}
