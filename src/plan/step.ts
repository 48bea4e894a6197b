/**
 * A change to the world as data (git-town's program of steps): commands read the state, build a
 * list of steps without touching anything, and hand it to the executor (./executor.ts). That one
 * path gives every mutating command `--dry-run`, `--json`, progress and rollback.
 */

export type StepKind =
  | 'fetch'
  | 'create-branch'
  | 'switch'
  | 'delete-branch'
  | 'write-file'
  | 'set-config'
  | 'stage'
  | 'commit'
  | 'revert'
  | 'integrate'
  | 'push'
  | 'open-pr'
  | 'api-request'
  | 'install-hooks'
  /** nothing: what the plan leaves as it is, listed so --dry-run says so (init) */
  | 'leave';

export interface StepContext {
  /** the work tree's root */
  cwd: string;
}

export interface Step<T = unknown> {
  readonly kind: StepKind;
  /** one line for people: what --dry-run prints and what the record says */
  readonly summary: string;
  /** the step's inputs for --json (never a secret) */
  readonly detail: Record<string, unknown>;
  /** it changes something outside this clone (push, forge): it cannot be undone, and local steps before it stay */
  readonly remote?: boolean;
  /** a failure is a warning and the plan goes on (an offline fetch) */
  readonly soft?: boolean;
  /** slow enough to deserve progress at a terminal */
  readonly slow?: boolean;
  run(ctx: StepContext): Promise<T>;
  /** put back what run() changed locally; only called after run() succeeded */
  undo?(ctx: StepContext): Promise<void>;
}

export type Plan = Step[];
