import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from './repo.js';

/**
 * A real terminal for prompt tests: a private tmux server (`tmux -S <tmp>/sock`), answered by
 * sending keys and read with capture-pane.
 */
const TMUX = existsSync('/usr/bin/tmux') ? '/usr/bin/tmux' : 'tmux';
const DEADLINE_MS = 45_000;

/** Quote a word for the sh scripts the terminal runs. */
export const q = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export class Terminal {
  private readonly sock: string;
  readonly dir: string;

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.dir = tempDir('flowgate-tty-');
    this.sock = join(this.dir, 'sock');
  }

  private tmux(args: string[]): string {
    const r = spawnSync(TMUX, ['-S', this.sock, ...args], { encoding: 'utf8', env: this.env });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** The commit prompt's first questions: the default type (feat), no scope, then `subject` typed (not yet entered). */
  async typeCommitSubject(subject: string): Promise<void> {
    await this.waitFor(/Type of change/);
    this.key('Enter');
    await this.waitFor(/Scope/);
    this.key('Enter');
    await this.waitFor(/Subject/);
    this.type(subject);
  }

  /**
   * Run `script` (sh) in a 120×40 terminal; it records the terminal settings before and after,
   * ends by printing __EXIT:<code>__ and stays on screen.
   */
  start(cwd: string, script: string): void {
    const file = join(this.dir, 'run.sh');
    const stty = q(join(this.dir, 'stty'));
    writeFileSync(file, `stty -g > ${stty}.before\n${script}\ncode=$?\nstty -g > ${stty}.after\necho "__EXIT:\${code}__"\nexec sleep 600\n`);
    this.tmux(['new-session', '-d', '-x', '120', '-y', '40', '-c', cwd, 'sh', file]);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-100']);
  }

  async waitFor(pattern: RegExp, what = String(pattern)): Promise<string> {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const text = this.screen();
      if (pattern.test(text)) return text;
      if (/__EXIT:\d+__/.test(text)) throw new Error(`the command ended before ${what}; the screen shows:\n${text}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
      await sleep(100);
    }
  }

  type(text: string): void {
    this.tmux(['send-keys', '-l', text]);
  }

  key(...keys: string[]): void {
    this.tmux(['send-keys', ...keys]);
  }

  /** the exit code the script printed */
  async exitCode(): Promise<number> {
    const text = await this.waitFor(/__EXIT:\d+__/, 'the command to finish');
    return Number(text.match(/__EXIT:(\d+)__/)![1]);
  }

  cursorVisible(): boolean {
    return this.tmux(['display-message', '-p', '#{cursor_flag}']).trim() === '1';
  }

  /** the terminal's settings are what they were before the command, and the cursor is shown */
  assertRestored(): void {
    assert.equal(readFileSync(join(this.dir, 'stty.after'), 'utf8'), readFileSync(join(this.dir, 'stty.before'), 'utf8'), 'terminal settings restored');
    assert.ok(this.cursorVisible(), 'the cursor is shown again');
  }

  kill(): void {
    spawnSync(TMUX, ['-S', this.sock, 'kill-server'], { env: this.env });
  }
}

/** Run `body` with a terminal whose environment is `env` (minus an enclosing tmux's variables). */
export async function inTerminal(env: NodeJS.ProcessEnv, body: (t: Terminal) => Promise<void>): Promise<void> {
  const clean: NodeJS.ProcessEnv = { ...env, TERM: 'xterm-256color', PS1: '$ ' };
  delete clean.TMUX;
  delete clean.TMUX_PANE;
  const t = new Terminal(clean);
  try {
    await body(t);
  } finally {
    t.kill();
  }
}
