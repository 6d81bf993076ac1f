/**
 * What the CLI does with a failure: bad input (a typed ActsearchError, or a UsageError) prints one
 * readable line and exits 2; a CommandFailedError prints one line and exits 1; anything else is a
 * bug and exits 1 with its stack.
 */
import { ActsearchError } from '@actsearch/core';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The command could not do its job for a reason outside its input — a port in use, a data folder
 * another server holds: one line, exit code 1.
 */
export class CommandFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailedError';
  }
}

export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError || err instanceof ActsearchError ? 2 : 1;
}

export function describeError(err: unknown): string {
  if (err instanceof ActsearchError) return `error: ${err.code}: ${err.message}`;
  if (err instanceof UsageError || err instanceof CommandFailedError) return `error: ${err.message}`;
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}
