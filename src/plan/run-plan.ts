import { execute, type Execution } from './executor.js';
import type { Plan, Step } from './step.js';
import { errorMessage } from '../errors.js';
import { result, warn } from '../ui/output.js';
import { withProgress } from '../ui/progress.js';

/**
 * How a command hands its plan to the executor: `--dry-run` prints each step (stdout, one line
 * each, or the JSON record with `--json`) and changes nothing; otherwise the steps run, slow
 * ones (network) under a spinner at a terminal and silently elsewhere.
 */
export interface RunPlanOptions extends DryRunOutput {
  cwd: string;
  dryRun?: boolean;
  /** the warning when a soft step fails (default: `could not <summary> (<why>); going on.`); '' says nothing */
  warning?: (step: Step, error: unknown) => string;
}

/** How a dry run shows the plan; the defaults suit every command whose steps say enough. */
export interface DryRunOutput {
  /** the command prints its own --json document; with dryRun the plan is printed as JSON */
  json?: boolean;
  /** the --json document: the plan's with these fields added, or the command's own shape */
  document?: Record<string, unknown> | ((plan: Plan) => unknown);
  /** the text for one step: `would <summary>` by default */
  line?: (step: Step, index: number) => string;
}

export interface PlanDocument {
  dryRun: true;
  steps: { kind: Step['kind']; summary: string; detail: Record<string, unknown> }[];
}

export function planDocument(plan: Plan): PlanDocument {
  return { dryRun: true, steps: plan.map((s) => ({ kind: s.kind, summary: s.summary, detail: s.detail })) };
}

/** Print what a dry run would do: `would <summary>` per step, or the plan as JSON. */
export function printPlan(plan: Plan, options: DryRunOutput): void {
  const { document } = options;
  if (options.json) result(JSON.stringify(typeof document === 'function' ? document(plan) : { ...planDocument(plan), ...document }, null, 2));
  else plan.forEach((s, i) => result(options.line ? options.line(s, i) : `would ${s.summary}`));
}

export async function runPlan(plan: Plan, options: RunPlanOptions): Promise<Execution> {
  if (options.dryRun) {
    printPlan(plan, options);
    return execute(plan, { cwd: options.cwd, dryRun: true });
  }
  const warning = options.warning ?? ((step, error) => `could not ${step.summary} (${errorMessage(error)}); going on.`);
  // slow steps (network) run under a spinner, which withProgress stops however the step ends
  const shown = plan.map((s): Step => (s.slow ? { ...s, run: (ctx) => withProgress(s.summary, () => s.run(ctx)) } : s));
  return execute(shown, {
    cwd: options.cwd,
    onStep({ step, phase, error }) {
      if (phase !== 'warned') return;
      const line = warning(step, error);
      if (line) warn(line);
    },
  });
}
