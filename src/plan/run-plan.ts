import { execute, type Execution } from './executor.js';
import type { Plan, Step } from './step.js';
import { result, warn } from '../ui/output.js';
import { spin, label, type Spinner } from '../ui/progress.js';

/**
 * How a command hands its plan to the executor: `--dry-run` prints each step (stdout, one line
 * each, or the JSON record with `--json`) and changes nothing; otherwise the steps run, slow
 * ones (network) under a spinner at a terminal and silently elsewhere.
 */
export interface RunPlanOptions {
  cwd: string;
  dryRun?: boolean;
  /** the command prints its own --json document; with dryRun the plan is printed as JSON */
  json?: boolean;
}

export interface PlanDocument {
  dryRun: true;
  steps: { kind: Step['kind']; summary: string; detail: Record<string, unknown> }[];
}

export function planDocument(plan: Plan): PlanDocument {
  return { dryRun: true, steps: plan.map((s) => ({ kind: s.kind, summary: s.summary, detail: s.detail })) };
}

/** Print what a dry run would do: `would <summary>` per step, or the plan as JSON. */
export function printPlan(plan: Plan, options: { json?: boolean }): void {
  if (options.json) result(JSON.stringify(planDocument(plan), null, 2));
  else for (const s of plan) result(`would ${s.summary}`);
}

export async function runPlan(plan: Plan, options: RunPlanOptions): Promise<Execution> {
  if (options.dryRun) {
    printPlan(plan, options);
    return execute(plan, { cwd: options.cwd, dryRun: true });
  }
  let spinner: Promise<Spinner> | undefined;
  const stop = async () => {
    const s = spinner;
    spinner = undefined;
    if (s) (await s).stop();
  };
  try {
    return await execute(plan, {
      cwd: options.cwd,
      async onStep({ step, phase, error }) {
        if (phase === 'start' && step.slow) spinner = spin(label(step.summary));
        if (phase !== 'start') await stop();
        if (phase === 'warned') warn(`could not ${step.summary} (${error instanceof Error ? error.message : String(error)}); going on.`);
      },
    });
  } finally {
    await stop();
  }
}
