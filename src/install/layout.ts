import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

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

/** husky's stub, with /bin/sh spared an `env` lookup (hooks run on every commit). */
export const STUB = '#!/bin/sh\n. "${0%/*}/h"\n';

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
 * Who owns a core.hooksPath value: flowgate's (or husky's, whose layout flowgate shares) or
 * another hook manager's. Relative values are relative to the work tree's root.
 */
export function hooksPathOwner(value: string, topLevel: string): 'husky' | 'foreign' {
  const abs = isAbsolute(value) ? value : resolve(topLevel, value);
  if (basename(abs) === '_' && basename(dirname(abs)) === '.husky') return 'husky';
  if (basename(abs) === '.husky') return 'husky'; // husky 4–8
  return 'foreign';
}

export function hooksDirOf(packageDir: string): string {
  return join(packageDir, '.husky');
}
