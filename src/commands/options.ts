/** What every command's readOptions reads the same way. */

/** The folder the command works in: `cwd` when the caller gives one (tests do), else the process's. */
export function cwdOption(raw: Record<string, unknown>): string {
  return typeof raw.cwd === 'string' ? raw.cwd : process.cwd();
}

/** A string option, or undefined when commander left it out (or gave a boolean). */
export function stringOption(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
