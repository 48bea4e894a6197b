import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { shellQuote } from '../core/shell-quote.js';

/** Every hook husky 9 writes a stub for: user scripts in .husky/ work for all of them. */
export const GIT_HOOKS = [
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-rebase',
  'post-rewrite',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-auto-gc',
];

/** The hooks flowgate adds a line to. */
export const FLOWGATE_HOOKS = ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push'] as const;

/**
 * The layout (docs/install.md, "Where the hooks live"): a stub per hook in the repository's
 * common git dir (`.git/hooks/<hook>`), which moves and is copied with the repository and is
 * shared by every linked worktree, so no path to the work tree is stored anywhere. The stub names
 * the package folder relative to the work tree's root and sources the dispatcher beside it
 * (`.git/hooks/flowgate/h`), which runs the user's `.husky/<hook>`, then a hook that was there
 * before (kept in `.git/hooks/flowgate/chained/`).
 */
export const DISPATCHER_DIR = 'flowgate';
export const CHAINED_DIR = 'chained';
/** Every stub carries this line: how install, uninstall and doctor know a hook is flowgate's. */
const STUB_MARK = '# flowgate hook stub';

/**
 * The stub for one hook. `packagePath` is the package folder relative to the work tree's root
 * ('.' at the root); `install` is the command that brings flowgate back (the hook's advice).
 */
export function stubFor(packagePath: string, install: string): string {
  return [
    '#!/bin/sh',
    `${STUB_MARK}: written by \`flowgate install\`, removed by \`flowgate uninstall\`. Your own lines go in .husky/<hook>.`,
    `FLOWGATE_PACKAGE=${shellQuote(packagePath)}`,
    `FLOWGATE_INSTALL=${shellQuote(install)}`,
    '. "${0%/*}/flowgate/h"',
    '',
  ].join('\n');
}

export function isStub(text: string): boolean {
  return text.includes(STUB_MARK);
}

/** The first line of flowgate's dispatcher (hooks/h), old layouts' included. */
export function isFlowgateDispatcher(text: string): boolean {
  return /^#!\/bin\/sh\n# flowgate hook dispatcher/.test(text);
}

export function hookLine(hook: string): string {
  return `flowgate hook ${hook} "$@"`;
}

const LINE = /^[ \t]*flowgate hook [a-z-]+\b.*$/;

export function isFlowgateLine(line: string): boolean {
  return LINE.test(line.replace(/\r$/, ''));
}

/** Add flowgate's line to a user hook script, after a shebang and husky's old sourcing line. */
export function withHookLine(existing: string | undefined, hook: string): string {
  const line = hookLine(hook);
  if (existing === undefined || existing.trim() === '') return `${line}\n`;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing.split(/\r?\n/);
  if (lines.some(isFlowgateLine)) return existing;
  let at = 0;
  while (at < lines.length && (lines[at]!.startsWith('#!') || /husky\.sh/.test(lines[at]!))) at++;
  lines.splice(at, 0, line);
  return lines.join(eol);
}

/** Remove flowgate's lines; undefined when nothing of the user's remains (delete the file). */
export function withoutHookLine(existing: string): string | undefined {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing.split(/\r?\n/).filter((l) => !isFlowgateLine(l));
  const meaningful = lines.some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return meaningful ? lines.join(eol) : undefined;
}

/**
 * Who owns a core.hooksPath value: husky's layout (.husky/_, or .husky for husky 4–8, which older
 * flowgate versions wrote too), flowgate's own (the common dir's hooks folder), or another hook
 * manager's. Relative values are relative to the work tree's root.
 */
export function hooksPathOwner(value: string, topLevel: string, commonHooks?: string): 'husky' | 'flowgate' | 'foreign' {
  const abs = isAbsolute(value) ? value : resolve(topLevel, value);
  if (commonHooks && resolve(abs) === resolve(commonHooks)) return 'flowgate';
  if (basename(abs) === '_' && basename(dirname(abs)) === '.husky') return 'husky';
  if (basename(abs) === '.husky') return 'husky'; // husky 4–8
  return 'foreign';
}

export function hooksDirOf(packageDir: string): string {
  return join(packageDir, '.husky');
}
