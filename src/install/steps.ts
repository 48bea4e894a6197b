import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlowError } from '../errors.js';
import { gitRaw } from '../git/exec.js';
import type { Step } from '../plan/step.js';

/**
 * The install and uninstall steps (src/plan/step.ts): the hook files carry a mode, a hook moves
 * to the chained folder and back, and git config keys can hold several values, which the
 * generic writeFile/setConfig steps do not cover. Plain fs and `git config` calls: install runs
 * inside `npm install`, where loading simple-git buys nothing. `display` is the path as the user
 * sees it (relative to where the command ran).
 */

interface Snapshot {
  text: string;
  mode: number;
}

function snapshot(file: string): Snapshot | undefined {
  try {
    return { text: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 };
  } catch {
    return undefined;
  }
}

function restore(file: string, was: Snapshot | undefined): void {
  if (!was) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, was.text);
  chmodSync(file, was.mode);
}

/**
 * Write `content` with `mode` (creating folders), or undefined when the file already is exactly
 * that: a second install changes nothing and plans nothing. Undo puts the old file back.
 */
export function writeScript(file: string, content: string, mode: number, display: string): Step<void> | undefined {
  const now = snapshot(file);
  if (now && now.text === content && now.mode === mode) return undefined;
  let before: Snapshot | undefined;
  return {
    kind: 'write-file',
    summary: now && now.text === content ? `make ${display} mode ${mode.toString(8)}` : `write ${display}`,
    detail: { path: display, mode: mode.toString(8), bytes: Buffer.byteLength(content) },
    async run() {
      before = snapshot(file);
      mkdirSync(dirname(file), { recursive: true });
      if (before?.text !== content) writeFileSync(file, content);
      if (before?.mode !== mode) chmodSync(file, mode);
    },
    async undo() {
      restore(file, before);
    },
  };
}

/** Delete a file; undo writes it back with its mode. */
export function removeFile(file: string, display: string): Step<void> {
  let before: Snapshot | undefined;
  return {
    kind: 'install-hooks',
    summary: `remove ${display}`,
    detail: { path: display, action: 'remove' },
    async run() {
      before = snapshot(file);
      rmSync(file, { force: true });
    },
    async undo() {
      if (before) restore(file, before);
    },
  };
}

/**
 * Delete a folder: an empty one (undo makes it again), or with `recursive` one of flowgate's own
 * making (a dispatcher folder, an old .husky/_), which holds nothing of the user's to put back.
 */
export function removeFolder(dir: string, display: string, opts: { recursive?: boolean } = {}): Step<void> {
  return {
    kind: 'install-hooks',
    summary: `remove ${display}/`,
    detail: { path: display, action: 'remove', recursive: Boolean(opts.recursive) },
    async run() {
      if (opts.recursive) rmSync(dir, { recursive: true, force: true });
      else rmdirSync(dir);
    },
    async undo() {
      mkdirSync(dir, { recursive: true });
    },
  };
}

/** Move a file (a hook to the chained folder, or back); undo moves it back. */
export function moveFile(from: string, to: string, display: { from: string; to: string }): Step<void> {
  return {
    kind: 'install-hooks',
    summary: `move ${display.from} to ${display.to}`,
    detail: { from: display.from, to: display.to, action: 'move' },
    async run() {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(from, to);
    },
    async undo() {
      if (!existsSync(to) || existsSync(from)) return;
      mkdirSync(dirname(from), { recursive: true });
      renameSync(to, from);
    },
  };
}

/** Every value of a local git config key (a key may be set several times). */
export function localValues(key: string, cwd: string): string[] {
  const r = gitRaw(['config', '--local', '--get-all', key], { cwd });
  return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

function gitConfig(args: string[], cwd: string, what: string): void {
  const r = gitRaw(['config', '--local', ...args], { cwd });
  // --unset-all of a key that is not there (exit 5) leaves things as wanted
  if (r.code !== 0 && !(r.code === 5 && args[0] === '--unset-all')) {
    throw new FlowError(`could not ${what}: ${r.stderr.trim().split('\n').pop() ?? `git config exit ${r.code}`}`);
  }
}

function putBack(key: string, values: string[], cwd: string): void {
  gitConfig(['--unset-all', key], cwd, `unset git config ${key}`);
  for (const v of values) gitConfig(['--add', key, v], cwd, `set git config ${key}`);
}

/**
 * This repository's `key` becomes the one `value` (every earlier value replaced), or is removed
 * with `value` undefined. Undo puts every earlier value back, in order.
 */
export function localConfig(key: string, value: string | undefined): Step<void> {
  let before: string[] = [];
  const what = value === undefined ? `unset git config ${key}` : `set git config ${key} = ${value}`;
  return {
    kind: 'set-config',
    summary: what,
    detail: { key, value: value ?? null },
    async run(ctx) {
      before = localValues(key, ctx.cwd);
      gitConfig(value === undefined ? ['--unset-all', key] : ['--replace-all', key, value], ctx.cwd, what);
    },
    async undo(ctx) {
      putBack(key, before, ctx.cwd);
    },
  };
}

/** `git config --remove-section <section>`; undo sets its keys again. */
export function removeConfigSection(section: string): Step<void> {
  let before: [string, string][] = [];
  return {
    kind: 'set-config',
    summary: `remove git config section ${section}`,
    detail: { section, action: 'remove-section' },
    async run(ctx) {
      const r = gitRaw(['config', '--local', '--null', '--get-regexp', `^${section.replace(/\./g, '\\.')}\\.`], { cwd: ctx.cwd });
      // --null: `key\nvalue\0` per entry (a value may hold newlines)
      const entries = r.code === 0 ? r.stdout.split('\0').filter(Boolean) : [];
      before = entries.map((e) => (e.includes('\n') ? [e.slice(0, e.indexOf('\n')), e.slice(e.indexOf('\n') + 1)] : [e, 'true']));
      gitConfig(['--remove-section', section], ctx.cwd, `remove git config section ${section}`);
    },
    async undo(ctx) {
      for (const [key, value] of before) gitConfig(['--add', key, value], ctx.cwd, `set git config ${key}`);
    },
  };
}
