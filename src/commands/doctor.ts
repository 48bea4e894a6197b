import { EXIT_OK, EXIT_RULE } from '../errors.js';
import type { CheckResult } from '../doctor/checks.js';
import { info, json, paint, sanitize } from '../ui/output.js';

/**
 * `flow doctor [--json]`: run every check (src/doctor/checks.ts), print one line each with the
 * fix under it, exit 1 when one failed. Warnings alone exit 0. Nothing is changed.
 */

const MARK = { ok: ['green', '✔'], warn: ['yellow', '⚠'], fail: ['red', '✖'] } as const;

export function formatResults(results: CheckResult[]): string[] {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines: string[] = [];
  for (const r of results) {
    const [color, mark] = MARK[r.status];
    lines.push(`${paint(color, mark)} ${r.name.padEnd(width)}  ${sanitize(r.detail)}`);
    if (r.fix && r.status !== 'ok') lines.push(`  ${' '.repeat(width)}  ${paint('dim', 'fix:')} ${sanitize(r.fix)}`);
  }
  return lines;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const cwd = (options.cwd as string | undefined) ?? process.cwd();
  const { doctorContext, runChecks } = await import('../doctor/checks.js');
  const results = await runChecks(doctorContext(cwd));
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  for (const line of formatResults(results)) info(line);
  if (failed) info(paint('red', `flowgate: ${failed} problem${failed > 1 ? 's' : ''} to fix${warned ? `, ${warned} warning${warned > 1 ? 's' : ''}` : ''}.`));
  else if (warned) info(paint('yellow', `flowgate: the hooks work; ${warned} warning${warned > 1 ? 's' : ''}.`));
  else info(paint('green', 'flowgate: everything looks right.'));
  if (options.json) json({ ok: failed === 0, checks: results });
  return failed ? EXIT_RULE : EXIT_OK;
}
