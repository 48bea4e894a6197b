import { gitMaybe } from './exec.js';

/**
 * git's comment character (core.commentChar; '#' for unset and `auto`). Asking git costs a
 * process, so with the message's `text` it asks only when a line starts with something other
 * than a letter, digit, space or `#`, the only case in which the answer can differ from '#'.
 */
export function commentChar(text?: string, cwd?: string): string {
  if (text !== undefined && !/^[^\sA-Za-z0-9#]/m.test(text)) return '#';
  const c = gitMaybe(['config', '--get', 'core.commentChar'], { cwd });
  return !c || c === 'auto' ? '#' : c.charAt(0);
}
