import { redact } from '../core/redact.js';

/**
 * Colours follow NO_COLOR / FORCE_COLOR and are off when the stream is not a terminal.
 * Everything printed goes through redact(), so a token that slipped into a message never shows.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY);
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, cyan: 36, dim: 2, bold: 1 } as const;
export type Color = keyof typeof codes;

export function paint(color: Color, text: string, stream: NodeJS.WriteStream = process.stderr): string {
  return colorEnabled(stream) ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
}

/** Strip terminal control sequences from data we echo (branch names, messages, server text). */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?|[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, '');
}

export function info(message: string): void {
  process.stderr.write(redact(message) + '\n');
}

export function warn(message: string): void {
  process.stderr.write(paint('yellow', 'flowgate: warning: ') + redact(message) + '\n');
}

export function error(message: string): void {
  process.stderr.write(paint('red', 'flowgate: ') + redact(message) + '\n');
}

export function success(message: string): void {
  process.stderr.write(paint('green', '✔ ') + redact(message) + '\n');
}

/** Results a script may consume go to stdout. */
export function result(text: string): void {
  process.stdout.write(redact(text) + '\n');
}

export function json(value: unknown): void {
  process.stdout.write(redact(JSON.stringify(value, null, 2)) + '\n');
}
