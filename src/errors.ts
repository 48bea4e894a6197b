/** Exit codes are part of the contract: 0 ok, 1 a rule was broken, 2 anything else. */
export const EXIT_OK = 0;
export const EXIT_RULE = 1;
export const EXIT_FAILURE = 2;

/**
 * An error whose message is meant for the user: one sentence, the problem and the next step.
 * Its exit code is EXIT_RULE when a rule was broken (a refused push), EXIT_FAILURE otherwise.
 */
export class FlowError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FlowError';
  }
}

/** Usage mistakes (bad flags, missing answers): exit 2. */
export class UsageError extends FlowError {
  constructor(message: string) {
    super(message, EXIT_FAILURE);
    this.name = 'UsageError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
