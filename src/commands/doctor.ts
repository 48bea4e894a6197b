import { EXIT_OK, EXIT_RULE } from '../errors.js';
import type { CheckResult } from '../doctor/types.js';
import { json, paint, result, sanitize } from '../ui/output.js';

/**
 * `flow doctor [--json]`: run every check (src/doctor/checks/, one per file), print one line each
 * with the fix under it, exit 1 when one failed. Warnings alone exit 0. Nothing is changed.
 * The report is the command's result, so it goes to stdout; `--json` prints the document instead.
 */

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

export function summary(results: CheckResult[], stream: NodeJS.WriteStream = process.stdout): string {
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  const warnings = `${warned} warning${warned === 1 ? '' : 's'}`;
  if (failed) return paint('red', `flowgate: ${failed} problem${failed > 1 ? 's' : ''} to fix${warned ? `, ${warnings}` : ''}: the hooks do not guard this repository until then.`, stream);
  if (warned) return paint('yellow', `flowgate: the hooks work; ${warnings}.`, stream);
  return paint('green', 'flowgate: everything looks right.', stream);
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const cwd = (options.cwd as string | undefined) ?? process.cwd();
  const { doctorContext, runChecks } = await import('../doctor/index.js');
  const results = await runChecks(doctorContext(cwd));
  const failed = results.some((r) => r.status === 'fail');
  if (options.json) json({ ok: !failed, checks: results });
  else result([...formatResults(results), summary(results)].join('\n'));
  return failed ? EXIT_RULE : EXIT_OK;
}
