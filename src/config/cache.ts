import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { resolveConfig } from './validate.js';
import type { FlowgateConfig } from './types.js';

/**
 * Hooks validate the config on every commit, and the validator (zod) costs more than the rest of
 * a hook. A JSON config (flowgate.config.json, package.json#flowgate) that this same build of the
 * validator accepted is taken from `file` instead: the entry is keyed by the validator's build,
 * the config's path and its exact content, so any edit is validated again at the next commit.
 */
export interface ConfigCache {
  /** <git common dir>/flowgate/config-cache.json */
  file: string;
  /** identifies the schema, defaults and merge code that produced the entry (scripts/hook-bundle.js) */
  build: string;
}

export async function resolveConfigCached(input: unknown, file: string, cache: ConfigCache | undefined): Promise<FlowgateConfig> {
  // Parsed JSON round-trips through JSON.stringify exactly; a module's export may not (functions).
  const json = file.endsWith('.json') || file.endsWith('#flowgate');
  if (!cache || !json) return resolveConfig(input, file);
  const id = `${cache.build}\n${file}\n${JSON.stringify(input)}`;
  try {
    const entry = JSON.parse(readFileSync(cache.file, 'utf8')) as { id?: unknown; config?: FlowgateConfig };
    if (entry.id === id && entry.config) return entry.config;
  } catch {
    // no cache yet, or a corrupt one: validate below
  }
  const config = await resolveConfig(input, file);
  const text = JSON.stringify({ id, config });
  // Only what comes back identical is cached (an undefined member would not).
  if (isDeepStrictEqual((JSON.parse(text) as { config: unknown }).config, config)) {
    try {
      mkdirSync(dirname(cache.file), { recursive: true });
      const tmp = `${cache.file}.${process.pid}`;
      writeFileSync(tmp, text);
      renameSync(tmp, cache.file); // atomic: a commit in another worktree never reads half a file
    } catch {
      // caching is an optimisation only
    }
  }
  return config;
}
