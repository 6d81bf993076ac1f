import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../packages/http/src/rate-limit.ts';

describe('RateLimiter (token bucket per client)', () => {
  it('allows a burst of `capacity`, then refills at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 2, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('a').retryAfterSeconds).toBe(1);
    now += 500;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps clients apart and forgets the least recently used beyond maxClients', () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0.001, maxClients: 2, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('c').allowed).toBe(true);
    // 'b' was the least recently used when 'c' arrived: it starts over with a full bucket.
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
