/**
 * Why an evaluation or a dispatch did not succeed. These live here rather than in `@actsearch/expr`'s
 * hierarchy because its `ErrorCode` union has no member for infrastructure failures; each class still
 * carries a stable `code` that logs print the same way, and `permanent` tells the dispatcher whether
 * another attempt could help.
 */
export type QueueErrorCode = 'evaluator_crashed' | 'evaluation_timeout' | 'evaluation_aborted' | 'evaluation_failed' | 'dispatcher_closed';

export abstract class QueueError extends Error {
  abstract readonly code: QueueErrorCode;
  /** True when retrying the same work cannot succeed, so the failure is final at once. */
  abstract readonly permanent: boolean;
}

/** The evaluator process died while it held a job (a signal such as SIGKILL, a crash, out of memory). */
export class EvaluatorCrashedError extends QueueError {
  readonly code = 'evaluator_crashed' as const;
  readonly permanent = false;
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly phase: 'startup' | 'evaluation',
    detail?: string,
  ) {
    const how = signal !== null ? `signal ${signal}` : `exit code ${String(exitCode)}`;
    super(`evaluator process died during ${phase} (${how})${detail === undefined ? '' : `: ${detail}`}`);
    this.name = 'EvaluatorCrashedError';
  }
}

/** The job ran past its time limit, so its process was killed. */
export class EvaluationTimeoutError extends QueueError {
  readonly code = 'evaluation_timeout' as const;
  readonly permanent = false;
  constructor(readonly timeoutMs: number) {
    super(`evaluation exceeded its ${timeoutMs} ms limit; its process was killed`);
    this.name = 'EvaluationTimeoutError';
  }
}

/** The job was stopped from outside (an abort signal, or a pool closing past its grace period). */
export class EvaluationAbortedError extends QueueError {
  readonly code = 'evaluation_aborted' as const;
  readonly permanent = false;
  constructor(reason: string) {
    super(`evaluation aborted: ${reason}`);
    this.name = 'EvaluationAbortedError';
  }
}

/**
 * The evaluator's `evaluate()` threw. `permanent` is what the evaluator said about it (see
 * {@link PermanentEvaluationError}); the remote name and stack are kept for the record.
 */
export class EvaluationError extends QueueError {
  readonly code = 'evaluation_failed' as const;
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly remoteName: string,
    readonly remoteStack: string | undefined,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/**
 * For evaluator modules to throw when the failure is deterministic (the same candidate would fail
 * the same way again, e.g. a trainer error on this expression): the job fails at once, without
 * retries. Any thrown error with a `permanent: true` property is treated the same way, since class
 * identity does not survive the process boundary.
 */
export class PermanentEvaluationError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEvaluationError';
  }
}

export class DispatcherClosedError extends QueueError {
  readonly code = 'dispatcher_closed' as const;
  readonly permanent = true;
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = 'DispatcherClosedError';
  }
}

/** Whether retrying cannot help: our own permanent errors, or anything flagged `permanent: true`. */
export function isPermanentFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
