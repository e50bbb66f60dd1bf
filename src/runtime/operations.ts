// The vocabulary of durable operations that both the server (which runs them,
// src/server/effects/effect-runner.ts) and the background jobs (which resume them,
// src/jobs/background.ts) speak, so that jobs need not import the server.

/** An operation left pending (its record says how far it got); a retry or the resumer completes it. */
export class OperationIncompleteError extends Error {
  readonly operationId: string;
  constructor(operationId: string, cause: unknown) {
    super(
      `Operation ${operationId} is still completing: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'OperationIncompleteError';
    this.operationId = operationId;
    this.cause = cause;
  }
}
