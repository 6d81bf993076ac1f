import { ValidationError } from '@actsearch/core';
import { textProblem } from './storable-text.ts';

/**
 * Opaque pagination cursors: the keyset position of the last row of a page, as base64url JSON, so
 * that callers pass them back verbatim and never depend on their shape.
 */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** `parse` returns undefined when the decoded JSON has the wrong shape. */
export function decodeCursor<T>(cursor: string, parse: (value: unknown) => T | undefined): T {
  let value: unknown;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    // JSON escapes can still spell a NUL or a lone surrogate, which no query may carry.
    value = JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' && textProblem(v) !== null ? undefined : v));
  } catch {
    value = undefined;
  }
  const position = value === undefined ? undefined : parse(value);
  if (position === undefined) {
    throw new ValidationError('invalid cursor: pass back the nextCursor of a previous page', [
      { path: 'cursor', message: 'not a cursor issued by this listing' },
    ]);
  }
  return position;
}

/** Page sizes: at least 1, at most `max`, `fallback` when absent. */
export function pageLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ValidationError(`limit must be an integer from 1 to ${max}`, [
      { path: 'limit', message: `must be an integer from 1 to ${max}` },
    ]);
  }
  return limit;
}

export interface Page<T> {
  readonly items: T[];
  /** Pass back to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}
