import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePackageJson, type PackageJson } from '../core/package-json.js';

/** package.json as read from a folder. */
export interface PackageFile {
  file: string;
  /** undefined when the file is there but cannot be read */
  text?: string;
  /** its value, when that is a JSON object */
  data?: PackageJson;
  /** why it could not be read, or is not JSON */
  error?: unknown;
}

/**
 * The package.json in `dir`, or undefined when there is none. Only node:fs: the hooks load it
 * (through config/load.ts), so it must stay this small.
 */
export function readPackageFile(dir: string): PackageFile | undefined {
  const file = join(dir, 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8'); // one call, no exists-then-read race
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { file, error };
  }
  return { file, text, ...parsePackageJson(text) };
}

/** The package.json in `dir` as a JSON object; undefined when it is missing, unreadable or not one. */
export function readPackageJson(dir: string): PackageJson | undefined {
  return readPackageFile(dir)?.data;
}
