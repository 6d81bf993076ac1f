/**
 * A token bucket per client for mutating routes: `capacity` requests at once, refilled at
 * `refillPerSecond`. In memory, so each API process limits on its own — enough to stop a runaway
 * script, not a distributed attack.
 */
export interface RateLimitOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
  /** Buckets kept at most; the least recently used are dropped beyond it. */
  readonly maxClients?: number;
  readonly now?: () => number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until one request is allowed again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  take(client: string): RateDecision {
    const now = this.now();
    const { capacity, refillPerSecond } = this.options;
    const bucket = this.buckets.get(client) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    // Re-insert so that Map order is least recently used first.
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    this.evict();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
  }

  private evict(): void {
    const max = this.options.maxClients ?? 10_000;
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) break;
      this.buckets.delete(key);
    }
  }
}
