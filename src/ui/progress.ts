/**
 * Progress for network work (fetch, push, forge calls): a spinner on stderr when stderr is a
 * terminal, nothing at all when it is not (pipes, CI, files). yocto-spinner loads only when a
 * spinner is shown; the hooks never come here.
 */
import { isCI } from '../core/ci.js';

/** Whether a spinner may be shown: stderr is a terminal, not CI, not a dumb terminal. */
function progressEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb' && !isCI();
}

interface Spinner {
  /** change the text while it spins */
  update(text: string): void;
  stop(): void;
}

const silent: Spinner = { update() {}, stop() {} };

/** Start a spinner with `text` (no-op when progress is off). */
async function spin(text: string): Promise<Spinner> {
  if (!progressEnabled()) return silent;
  const { default: yoctoSpinner } = await import('yocto-spinner');
  // no signal handlers of its own: Ctrl-C keeps its meaning (exit 130) for the prompts
  const spinner = yoctoSpinner({ text, stream: process.stderr, handleSignals: false }).start();
  return {
    update(next) {
      spinner.text = next;
    },
    stop() {
      spinner.stop();
    },
  };
}

/** Run `work` with a spinner saying `text` (first letter capitalised, an ellipsis added). */
export async function withProgress<T>(text: string, work: () => Promise<T>): Promise<T> {
  const spinner = await spin(label(text));
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}

function label(text: string): string {
  const t = text.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${t.endsWith('…') ? '' : '…'}`;
}
