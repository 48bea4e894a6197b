import { FlowError, errorMessage } from '../errors.js';
import type { Plan, Step, StepContext } from './step.js';

/** What happened to one step, for `--json` and for the tests. */
export interface StepRecord {
  kind: Step['kind'];
  summary: string;
  detail: Record<string, unknown>;
  status: 'planned' | 'done' | 'warned' | 'failed' | 'undone' | 'not-run';
  error?: string;
}

export interface Execution {
  dryRun: boolean;
  ok: boolean;
  steps: StepRecord[];
  /** results of the steps that ran, by index */
  results: unknown[];
}

export interface ExecuteOptions extends StepContext {
  dryRun?: boolean;
  /** called before and after each step (runPlan reports soft steps that failed) */
  onStep?: (event: { step: Step; phase: 'start' | 'done' | 'warned' | 'failed'; error?: unknown }) => void;
}

const UNDO_FAILED = 'undo failed';

/**
 * A step failed; local effects since the last remote step were undone (or could not be). `cause`
 * is the step's own error: callers tell a conflict or a refused commit by its class.
 */
export class PlanError extends FlowError {
  constructor(
    message: string,
    readonly execution: Execution,
    exitCode: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, exitCode, options);
    this.name = 'PlanError';
  }

  /** The record of the step that failed. */
  get failed(): StepRecord | undefined {
    return this.execution.steps.find((s) => s.status === 'failed');
  }

  /** Whether some local effect that ran before could not be put back. */
  get undoFailed(): boolean {
    return this.execution.steps.some((s) => s.error?.startsWith(UNDO_FAILED));
  }
}


function record(step: Step, status: StepRecord['status'], error?: unknown): StepRecord {
  const r: StepRecord = { kind: step.kind, summary: step.summary, detail: step.detail, status };
  if (error !== undefined) r.error = errorMessage(error);
  return r;
}

/**
 * Run the steps in order. With `dryRun` nothing runs: every step is reported as planned.
 * When a step fails, the local steps that ran after the last remote one are undone in reverse
 * (a pushed branch or an opened PR stays, and so does what it was made from), then the
 * failure is thrown as a PlanError carrying the record.
 */
export async function execute(plan: Plan, options: ExecuteOptions): Promise<Execution> {
  const ctx: StepContext = { cwd: options.cwd };
  const steps = plan.map((s) => record(s, options.dryRun ? 'planned' : 'not-run'));
  const execution: Execution = { dryRun: Boolean(options.dryRun), ok: true, steps, results: [] };
  if (options.dryRun) return execution;

  for (const [i, step] of plan.entries()) {
    options.onStep?.({ step, phase: 'start' });
    try {
      execution.results[i] = await step.run(ctx);
      steps[i] = record(step, 'done');
      options.onStep?.({ step, phase: 'done' });
    } catch (error) {
      if (step.soft) {
        steps[i] = record(step, 'warned', error);
        options.onStep?.({ step, phase: 'warned', error });
        continue;
      }
      steps[i] = record(step, 'failed', error);
      options.onStep?.({ step, phase: 'failed', error });
      execution.ok = false;
      const undone = await undoLocal(plan, steps, i, ctx);
      const exitCode = error instanceof FlowError ? error.exitCode : 2;
      const message = errorMessage(error).replace(/\s+$/, '');
      throw new PlanError(undone === false ? `${message} Some of what ran before could not be undone: ${pendingUndo(steps)}.` : message, execution, exitCode, { cause: error });
    }
  }
  return execution;
}

/** Undo, newest first, the local steps done after the last remote one. False when an undo failed. */
async function undoLocal(plan: Plan, steps: StepRecord[], failedAt: number, ctx: StepContext): Promise<boolean | undefined> {
  let ok: boolean | undefined;
  for (let j = failedAt - 1; j >= 0; j--) {
    const step = plan[j]!;
    if (steps[j]!.status !== 'done') continue;
    if (step.remote) break;
    if (!step.undo) continue;
    try {
      await step.undo(ctx);
      steps[j] = { ...steps[j]!, status: 'undone' };
      ok ??= true;
    } catch (error) {
      steps[j] = { ...steps[j]!, error: `${UNDO_FAILED}: ${errorMessage(error)}` };
      ok = false;
    }
  }
  return ok;
}

function pendingUndo(steps: StepRecord[]): string {
  return steps
    .filter((s) => s.error?.startsWith(UNDO_FAILED))
    .map((s) => s.summary)
    .join('; ');
}
