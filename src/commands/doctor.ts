import { andList } from '../core/english.js';
import { EXIT_OK, EXIT_RULE } from '../errors.js';
import type { Check, CheckResult } from '../doctor/types.js';
import { json, paint, result, sanitize } from '../ui/output.js';
import { cwdOption } from './options.js';

/**
 * `flow doctor [--json]`: run every check (src/doctor/checks/, one per file), print one line each
 * with the fix under it, exit 1 when one failed. Warnings alone exit 0. Nothing is changed.
 * The report is the command's result, so it goes to stdout; `--json` prints the document instead.
 */

export interface DoctorOptions {
  json: boolean;
  cwd: string;
  /** the environment the checks judge (skip switches, tokens, HOME for husky's init.sh) */
  env: NodeJS.ProcessEnv;
}

export function readOptions(raw: Record<string, unknown>): DoctorOptions {
  return { json: Boolean(raw.json), cwd: cwdOption(raw), env: process.env };
}

const MARK = { ok: ['green', '✔'], warn: ['yellow', '⚠'], fail: ['red', '✖'] } as const;

export function formatResults(results: CheckResult[], stream: NodeJS.WriteStream = process.stdout): string[] {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines: string[] = [];
  for (const r of results) {
    const [color, mark] = MARK[r.status];
    lines.push(`${paint(color, mark, stream)} ${r.name.padEnd(width)}  ${sanitize(r.detail)}`);
    if (r.fix && r.status !== 'ok') lines.push(`  ${' '.repeat(width)}  ${paint('dim', 'fix:', stream)} ${sanitize(r.fix)}`);
  }
  return lines;
}

/** Whether the hooks would check anything here: none failed and no switch turns them all off. */
function enforcing(results: CheckResult[]): boolean {
  return results.every((r) => r.status !== 'fail' && !r.switchedOff);
}

export function summary(results: CheckResult[], stream: NodeJS.WriteStream = process.stdout): string {
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  const warnings = `${warned} warning${warned === 1 ? '' : 's'}`;
  if (failed) return paint('red', `flowgate: ${failed} problem${failed > 1 ? 's' : ''} to fix${warned ? `, ${warnings}` : ''}: the hooks do not guard this repository until then.`, stream);
  const off = results.flatMap((r) => (r.switchedOff ? [r.switchedOff] : []));
  if (off.length) {
    const names = off.map((s) => s.replace(/=.*/, ''));
    return paint('yellow', `flowgate: the hooks are installed, but ${andList(off)} in this shell skips every one of them: nothing is enforced here until you \`unset ${names.join(' ')}\`; ${warnings}.`, stream);
  }
  if (warned) return paint('yellow', `flowgate: the hooks work; ${warnings}.`, stream);
  return paint('green', 'flowgate: everything looks right.', stream);
}

/** `checks`: all of them unless a test picks some. */
export async function doctor(options: DoctorOptions, checks?: Check[]): Promise<number> {
  const { doctorContext, runChecks } = await import('../doctor/index.js');
  const results = await runChecks(doctorContext(options.cwd, options.env), checks);
  const failed = results.some((r) => r.status === 'fail');
  if (options.json) json({ ok: !failed, enforcing: enforcing(results), checks: results });
  else result([...formatResults(results), summary(results)].join('\n'));
  return failed ? EXIT_RULE : EXIT_OK;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return doctor(readOptions(options));
}
