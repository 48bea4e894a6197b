/**
 * Commit message text as git hands it to hooks: maybe a BOM, CRLF, comment lines
 * (core.commentChar), the `git commit -v` scissors line and the diff below it.
 */

export function scissorsLine(commentChar: string): string {
  return `${commentChar} ------------------------ >8 ------------------------`;
}

/** What git's default `strip` cleanup will leave: the message as it will be committed. */
export function cleanMessage(raw: string, commentChar = '#'): string {
  let text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const scissors = text.indexOf(`\n${scissorsLine(commentChar)}\n`);
  if (scissors >= 0) text = text.slice(0, scissors + 1);
  else if (text.startsWith(`${scissorsLine(commentChar)}\n`)) text = '';
  const lines = text
    .split('\n')
    .filter((line) => !line.startsWith(commentChar))
    .map((line) => line.replace(/\s+$/, ''));
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

const TRAILER = /^([A-Za-z0-9][A-Za-z0-9-]*|BREAKING CHANGE)(: | #)\S/;

/** True when the paragraph is a git trailer block (`Token: value` lines). */
export function isTrailerBlock(paragraph: string): boolean {
  const lines = paragraph.split('\n').filter((l) => l !== '');
  return lines.length > 0 && lines.every((l) => TRAILER.test(l) || /^\s+\S/.test(l));
}

/**
 * Add a trailer line to the message part of a commit message file, before git's comments.
 * Keeps everything else byte for byte.
 */
export function addTrailer(fileText: string, trailer: string, commentChar = '#'): string {
  const bom = fileText.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = fileText.slice(bom.length);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  // The message is everything before the first comment line that follows it.
  let end = lines.findIndex((l) => l.startsWith(commentChar));
  if (end < 0) end = lines.length;
  const message = lines.slice(0, end);
  const rest = lines.slice(end);
  while (message.length && message[message.length - 1]!.trim() === '') message.pop();
  let body: string[];
  if (message.length === 0) {
    // Empty message (the editor will open): leave the subject line free for the user.
    body = ['', '', trailer];
  } else {
    const paragraphs = message.join('\n').split(/\n\s*\n/);
    const last = paragraphs[paragraphs.length - 1]!;
    body = paragraphs.length > 1 && isTrailerBlock(last) ? [...message, trailer] : [...message, '', trailer];
  }
  const tail = rest.length ? ['', ...rest] : [''];
  return bom + [...body, ...tail].join(eol);
}

/** The first line of a message, for titles and summaries. */
export function subjectOf(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}

/** Where a refused commit message is kept, under the git dir (commit-msg writes it; `flow commit --retry` reads it). */
export const REFUSED_MESSAGE_FILE = 'flowgate/REFUSED_COMMIT_MSG';
