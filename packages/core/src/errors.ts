/**
 * The one error hierarchy of actsearch. Every error has a stable `code` that the API, the CLI and the
 * logs print the same way (docs/architecture.md, "Conventions").
 */
export type ErrorCode = 'parse_error' | 'validation_failed' | 'not_found' | 'conflict' | 'unauthorized' | 'rejected_candidate';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `budget.candidates` or `spaces[0].unary[3]`. */
  readonly path: string;
  readonly message: string;
}

export abstract class ActsearchError extends Error {
  abstract readonly code: ErrorCode;
}

/**
 * Text that is not a valid expression. `column` is 1-based; `hint` is an optional suggestion printed
 * after the position (`unknown function 'sigmod' at column 5 — did you mean 'sigmoid'?`).
 */
export class ParseError extends ActsearchError {
  readonly code = 'parse_error' as const;
  constructor(
    message: string,
    readonly column: number,
    readonly input: string,
    readonly hint?: string,
  ) {
    super(`${message} at column ${column}${hint ? ` — ${hint}` : ''}`);
    this.name = 'ParseError';
    this.reason = message;
  }
  readonly reason: string;
}

export class ValidationError extends ActsearchError {
  readonly code = 'validation_failed' as const;
  constructor(
    message: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends ActsearchError {
  readonly code = 'not_found' as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends ActsearchError {
  readonly code = 'conflict' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class UnauthorizedError extends ActsearchError {
  readonly code = 'unauthorized' as const;
  constructor(message = 'a valid bearer token is required') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A candidate that a rejection test turned down; `test` names the test (`prescreen`, `quality`, …). */
export class RejectedCandidateError extends ActsearchError {
  readonly code = 'rejected_candidate' as const;
  constructor(
    readonly test: string,
    message: string,
  ) {
    super(message);
    this.name = 'RejectedCandidateError';
  }
}
