/**
 * Exponential backoff with BullMQ's formula, so both drivers wait the same: after the n-th failed
 * attempt (n ≥ 1) the next one starts `baseMs · 2^(n-1)` later.
 */
export function exponentialBackoffMs(baseMs: number, failedAttempts: number): number {
  return Math.round(baseMs * 2 ** Math.max(0, failedAttempts - 1));
}
