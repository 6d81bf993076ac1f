import { exponentialBackoffMs } from './backoff.ts';
import { DispatcherClosedError, toError } from './errors.ts';
import type { QueueCounts } from './dispatcher.ts';

interface DriveState {
  pending: boolean;
  dueAt: number;
  timer?: NodeJS.Timeout;
  running: boolean;
  /** A request arrived while running: one more drive follows, no earlier than `rerunAt`. */
  rerun: boolean;
  rerunAt: number;
  failedAttempts: number;
}

export interface LocalDriveSchedulerOptions {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly onError: (error: Error, campaignId: string) => void;
}

/**
 * In-memory drive requests with the Dispatcher's semantics: per campaign at most one pending drive
 * (at the earliest time asked) and one running drive; a request during a run causes exactly one
 * more run after it; a drive that throws is retried with exponential backoff up to `attempts`.
 */
export class LocalDriveScheduler {
  private readonly states = new Map<string, DriveState>();
  private handler: ((campaignId: string) => Promise<void>) | undefined;
  private closed = false;
  private givenUp = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalDriveSchedulerOptions) {}

  schedule(campaignId: string, delayMs = 0): void {
    if (this.closed) throw new DispatcherClosedError('dispatcher');
    this.request(campaignId, Date.now() + Math.max(0, delayMs));
  }

  start(handler: (campaignId: string) => Promise<void>): void {
    this.handler = handler;
    for (const [campaignId, state] of this.states) if (state.pending) this.arm(campaignId, state);
  }

  counts(): QueueCounts {
    const now = Date.now();
    let waiting = 0;
    let delayed = 0;
    let active = 0;
    for (const state of this.states.values()) {
      if (state.running) active += 1;
      if (state.pending) {
        if (state.dueAt > now) delayed += 1;
        else waiting += 1;
      }
    }
    return { waiting, active, delayed, failed: this.givenUp };
  }

  /** Drops pending drives and waits (up to `timeoutMs`) for running ones; they cannot be interrupted. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      state.pending = false;
      state.rerun = false;
    }
    if (![...this.states.values()].some((state) => state.running)) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private request(campaignId: string, dueAt: number): void {
    let state = this.states.get(campaignId);
    if (state === undefined) {
      state = { pending: false, dueAt, running: false, rerun: false, rerunAt: dueAt, failedAttempts: 0 };
      this.states.set(campaignId, state);
    }
    if (state.running) {
      state.rerunAt = state.rerun ? Math.min(state.rerunAt, dueAt) : dueAt;
      state.rerun = true;
      return;
    }
    if (state.pending && state.dueAt <= dueAt) return;
    state.pending = true;
    state.dueAt = dueAt;
    this.arm(campaignId, state);
  }

  private arm(campaignId: string, state: DriveState): void {
    clearTimeout(state.timer);
    if (this.handler === undefined || this.closed) return;
    state.timer = setTimeout(() => void this.fire(campaignId, state), Math.max(0, state.dueAt - Date.now()));
  }

  private async fire(campaignId: string, state: DriveState): Promise<void> {
    const handler = this.handler;
    if (!state.pending || handler === undefined) return;
    state.pending = false;
    state.timer = undefined;
    state.running = true;
    try {
      await handler(campaignId);
      state.failedAttempts = 0;
    } catch (error) {
      state.failedAttempts += 1;
      this.options.onError(toError(error), campaignId);
      if (state.failedAttempts < this.options.attempts) {
        const retryAt = Date.now() + exponentialBackoffMs(this.options.backoffMs, state.failedAttempts);
        state.rerunAt = state.rerun ? Math.min(state.rerunAt, retryAt) : retryAt;
        state.rerun = true;
      } else {
        this.givenUp += 1;
        state.failedAttempts = 0;
      }
    } finally {
      state.running = false;
    }
    if (state.rerun && !this.closed) {
      state.rerun = false;
      this.request(campaignId, state.rerunAt);
    } else if (!state.pending) {
      this.states.delete(campaignId);
    }
    if (![...this.states.values()].some((other) => other.running)) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
