import { execute, type Execution } from './executor.js';
import type { Plan, Step } from './step.js';
import { info, result, warn } from '../ui/output.js';

/**
 * How a command hands its plan to the executor: `--dry-run` prints each step (stdout, one line
 * each, or the JSON record with `--json`) and changes nothing; otherwise the steps run, slow
 * ones announced at a terminal.
 */
export interface RunPlanOptions {
  cwd: string;
  dryRun?: boolean;
  /** the command prints its own --json document; with dryRun the plan is printed as JSON */
  json?: boolean;
}

export function planDocument(plan: Plan): { dryRun: true; steps: { kind: Step['kind']; summary: string; detail: Record<string, unknown> }[] } {
  return { dryRun: true, steps: plan.map((s) => ({ kind: s.kind, summary: s.summary, detail: s.detail })) };
}

export async function runPlan(plan: Plan, options: RunPlanOptions): Promise<Execution> {
  if (options.dryRun) {
    if (options.json) result(JSON.stringify(planDocument(plan), null, 2));
    else for (const s of plan) result(`would ${s.summary}`);
    return execute(plan, { cwd: options.cwd, dryRun: true });
  }
  const interactive = Boolean(process.stderr.isTTY);
  return execute(plan, {
    cwd: options.cwd,
    onStep({ step, phase, error }) {
      if (phase === 'start' && step.slow && interactive) info(`${step.summary[0]!.toUpperCase()}${step.summary.slice(1)}…`);
      if (phase === 'warned') warn(`could not ${step.summary} (${error instanceof Error ? error.message : String(error)}); going on.`);
    },
  });
}
