/**
 * The IPC messages between an {@link EvaluatorPool} and its child processes. Both sides import this
 * file so the shapes cannot drift apart. Messages use Node's `advanced` serialization (structured
 * clone), so payloads and results may hold typed arrays, Maps and Dates.
 */

/** Parent → child: run one evaluation. A child holds at most one at a time. */
export interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly payload: unknown;
}

export type ParentMessage = RunMessage;

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly permanent: boolean;
}

/** Child → parent: the module loaded and `evaluate` exists; the child takes work from now on. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Child → parent: the module could not be loaded; the child exits right after. */
export interface StartupFailedMessage {
  readonly type: 'startup-failed';
  readonly error: SerializedError;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly ok: true;
  readonly value: unknown;
}

export interface ErrorMessage {
  readonly type: 'result';
  readonly id: number;
  readonly ok: false;
  readonly error: SerializedError;
}

export type ChildMessage = ReadyMessage | StartupFailedMessage | ResultMessage | ErrorMessage;

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      permanent: (error as { permanent?: unknown }).permanent === true,
    };
  }
  return { name: 'Error', message: String(error), permanent: false };
}

export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'startup-failed' || type === 'result';
}
