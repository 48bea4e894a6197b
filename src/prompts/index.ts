import { closeSync, openSync } from 'node:fs';
import tty from 'node:tty';
import { Writable } from 'node:stream';
import { isCI } from '../core/ci.js';
import { FlowError } from '../errors.js';

/**
 * The one module that talks to @inquirer/prompts (loaded on the first question only).
 * Commands and the commit hook ask through a `Prompter`; tests hand them `scriptedPrompter`.
 */

export const EXIT_ABORTED = 130;

/** Ctrl-C (or Escape-less abort) at a prompt: exit 130, nothing changed. */
export class PromptAborted extends FlowError {
  constructor(message = 'Cancelled at the prompt; nothing was changed.') {
    super(message, EXIT_ABORTED);
    this.name = 'PromptAborted';
  }
}

type Validate = (value: string) => true | string | Promise<true | string>;

export interface InputQuestion {
  /** stable id, used by the scripted prompter */
  name: string;
  message: string;
  default?: string;
  /** show the default as editable text rather than a hint */
  prefill?: boolean;
  required?: boolean;
  validate?: Validate;
}

export interface SelectChoice<T extends string> {
  value: T;
  name?: string;
  /** what is shown once chosen (default: the value) */
  short?: string;
  description?: string;
}

export interface SelectQuestion<T extends string> {
  name: string;
  message: string;
  choices: readonly SelectChoice<T>[];
  default?: T;
}

export interface ConfirmQuestion {
  name: string;
  message: string;
  default?: boolean;
}

export interface EditorQuestion {
  name: string;
  message: string;
  default?: string;
  /** file extension for the editor's syntax colouring */
  postfix?: string;
}

export interface Prompter {
  input(q: InputQuestion): Promise<string>;
  /** open $VISUAL / $EDITOR on the text (after Enter) and return what was saved */
  editor(q: EditorQuestion): Promise<string>;
  select<T extends string>(q: SelectQuestion<T>): Promise<T>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
  /** release the terminal (raw mode off, streams closed); safe to call twice */
  close(): void;
}

/** A person is at a terminal: stdin and stdout are TTYs and this is not CI. */
export function isInteractive(): boolean {
  if (isCI()) return false;
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

export interface Terminal {
  input: tty.ReadStream;
  output: tty.WriteStream;
  close(): void;
}

/**
 * The controlling terminal, for hooks (git gives them /dev/null as stdin and its stderr as
 * stdout). Undefined when there is none (ENXIO: no controlling terminal, ENOENT: no /dev/tty).
 */
export function openTerminal(path = '/dev/tty'): Terminal | undefined {
  let inFd: number | undefined;
  let outFd: number | undefined;
  try {
    inFd = openSync(path, 'r');
    outFd = openSync(path, 'w');
    if (!tty.isatty(inFd) || !tty.isatty(outFd)) throw new Error('not a terminal');
  } catch {
    if (inFd !== undefined) closeSync(inFd);
    if (outFd !== undefined) closeSync(outFd);
    return undefined;
  }
  const input = new tty.ReadStream(inFd);
  const output = new tty.WriteStream(outFd);
  let closed = false;
  return {
    input,
    output,
    close() {
      if (closed) return;
      closed = true;
      try {
        if (input.isRaw) input.setRawMode(false);
      } catch {
        // the terminal is gone
      }
      input.destroy();
      output.destroy();
    },
  };
}

/**
 * inquirer pipes its output into the stream it is given and ends that pipe after each question;
 * every question therefore gets a fresh writer onto the long-lived terminal stream.
 */
function questionOutput(target: NodeJS.WriteStream): NodeJS.WritableStream {
  const writer = new Writable({
    write(chunk: Buffer | string, encoding, callback) {
      target.write(chunk, encoding, () => callback());
    },
  });
  Object.defineProperties(writer, {
    isTTY: { value: true },
    columns: { get: () => target.columns },
    rows: { get: () => target.rows },
  });
  return writer;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

type Inquirer = typeof import('@inquirer/prompts');

/**
 * The real prompter. `terminal: 'stdio'` (commands) reads stdin and writes stdout;
 * `terminal: 'tty'` (hooks) uses /dev/tty, opened by the caller with `openTerminal()`.
 */
export function createPrompter(opts: { terminal?: Terminal } = {}): Prompter {
  let lib: Promise<Inquirer> | undefined;
  const load = () => (lib ??= import('@inquirer/prompts'));
  const { terminal } = opts;
  let signal: AbortSignal | undefined;
  const context = () =>
    terminal
      ? { input: terminal.input, output: questionOutput(terminal.output), clearPromptOnDone: false, signal }
      : { signal };

  async function ask<T>(run: (inq: Inquirer) => Promise<T>): Promise<T> {
    const inq = await load();
    // Ctrl-D (EOF) at a question aborts like Ctrl-C: the prompt library alone would wait forever.
    const input: NodeJS.ReadStream = terminal ? terminal.input : process.stdin;
    const controller = new AbortController();
    const onData = (chunk: Buffer | string) => {
      if (String(chunk).includes('\u0004')) controller.abort();
    };
    const onEnd = () => controller.abort();
    input.on('data', onData);
    input.on('end', onEnd);
    signal = controller.signal;
    try {
      return await run(inq);
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) throw new PromptAborted();
      throw error;
    } finally {
      input.off('data', onData);
      input.off('end', onEnd);
      signal = undefined;
      if (!terminal) input.pause();
    }
  }

  return {
    input: (q) =>
      ask((inq) =>
        inq.input(
          {
            message: q.message,
            default: q.default,
            prefill: q.prefill ? 'editable' : 'tab',
            required: q.required,
            validate: q.validate,
          },
          context(),
        ),
      ),
    editor: (q) => ask((inq) => inq.editor({ message: q.message, default: q.default, postfix: q.postfix ?? '.md' }, context())),
    select: <T extends string>(q: SelectQuestion<T>) =>
      ask((inq) =>
        inq.select<T>(
          {
            message: q.message,
            choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value, short: c.short ?? c.value, description: c.description })),
            default: q.default,
            pageSize: 12,
          },
          context(),
        ),
      ),
    confirm: (q) => ask((inq) => inq.confirm({ message: q.message, default: q.default }, context())),
    close: () => terminal?.close(),
  };
}

export type ScriptedAnswer = string | boolean;

export interface ScriptedPrompter extends Prompter {
  /** the names of the questions asked, in order */
  readonly asked: string[];
}

/**
 * Answers by question name, for tests. An unexpected question, an answer of the wrong kind or an
 * answer the question's own validation refuses is an error. `undefined` as an answer takes the default.
 */
export function scriptedPrompter(answers: Record<string, ScriptedAnswer | undefined>): ScriptedPrompter {
  const asked: string[] = [];
  const take = (name: string, message: string): ScriptedAnswer | undefined => {
    if (!(name in answers)) throw new Error(`unexpected question '${name}': ${message}`);
    asked.push(name);
    return answers[name];
  };
  return {
    asked,
    async input(q) {
      const given = take(q.name, q.message);
      if (typeof given === 'boolean') throw new Error(`question '${q.name}' wants text, the script gave ${given}`);
      const value = given ?? q.default ?? '';
      if (q.required && value.trim() === '') throw new Error(`question '${q.name}' is required and the script gave no answer`);
      const valid = q.validate ? await q.validate(value) : true;
      if (valid !== true) throw new Error(`question '${q.name}' refused '${value}': ${valid}`);
      return value;
    },
    async editor(q) {
      const given = take(q.name, q.message);
      if (typeof given === 'boolean') throw new Error(`question '${q.name}' wants text, the script gave ${given}`);
      return given ?? q.default ?? '';
    },
    async select<T extends string>(q: SelectQuestion<T>): Promise<T> {
      const given = take(q.name, q.message);
      const value = given === undefined ? (q.default ?? q.choices[0]?.value) : given;
      const choice = q.choices.find((c) => c.value === value);
      if (!choice) throw new Error(`question '${q.name}' has no choice '${String(value)}'`);
      return choice.value;
    },
    async confirm(q) {
      const given = take(q.name, q.message);
      if (typeof given === 'string') throw new Error(`question '${q.name}' wants yes/no, the script gave '${given}'`);
      return given ?? q.default ?? false;
    },
    close() {},
  };
}
