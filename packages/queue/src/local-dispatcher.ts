import { exponentialBackoffMs } from './backoff.ts';
import { DispatcherClosedError, EvaluationAbortedError, isPermanentFailure, toError } from './errors.ts';
import { ErrorListeners } from './error-listeners.ts';
import { EvaluatorPool } from './evaluator-pool.ts';
import type { EvaluatorPoolOptions, EvaluatorSlotInfo } from './evaluator-pool.ts';
import { LocalDriveScheduler } from './local-drive-scheduler.ts';
import type {
  CloseOptions,
  DispatchHandlers,
  DispatchOutcome,
  Dispatcher,
  DispatcherCounts,
  DispatcherErrorListener,
  EvaluationJob,
  EvaluationRequest,
  ScheduleDriveOptions,
} from './dispatcher.ts';

export interface LocalDispatcherOptions {
  /** The evaluator processes; created on `start()`. */
  readonly evaluator: EvaluatorPoolOptions;
  /** Evaluations running at once; default: the pool's size. */
  readonly concurrency?: number;
  /** Attempts per evaluation (default 3) and the backoff base before the second (default 1 s). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** Attempts per drive (default 5) and their backoff base (default 500 ms). */
  readonly driveAttempts?: number;
  readonly driveBackoffMs?: number;
}

interface Entry<P> {
  readonly request: EvaluationRequest<P>;
  state: 'waiting' | 'delayed' | 'active';
  failedAttempts: number;
  timer?: NodeJS.Timeout;
}

/**
 * The embedded driver: drives are scheduled in this process, evaluations run in an EvaluatorPool,
 * all state lives in memory. A restart forgets the queue; the engine's sweeper re-dispatches from
 * the store, as it does after a Redis restart in the distributed mode.
 */
export class LocalDispatcher<P = unknown, R = unknown> implements Dispatcher<P, R> {
  readonly kind = 'local' as const;
  private readonly errors = new ErrorListeners();
  private readonly drives: LocalDriveScheduler;
  private readonly entries = new Map<string, Entry<P>>();
  private readonly fifo: string[] = [];
  private readonly attempts: number;
  private readonly backoffMs: number;
  private pool: EvaluatorPool<P, R> | undefined;
  private handlers: DispatchHandlers<P, R> | undefined;
  private concurrency = 0;
  private active = 0;
  private givenUp = 0;
  private closing: Promise<void> | undefined;
  private readonly activeWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalDispatcherOptions) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? 1_000;
    this.drives = new LocalDriveScheduler({
      attempts: Math.max(1, options.driveAttempts ?? 5),
      backoffMs: options.driveBackoffMs ?? 500,
      onError: (error, campaignId) => this.errors.emit(error, { source: 'drive', campaignId }),
    });
  }

  async scheduleDrive(campaignId: string, options: ScheduleDriveOptions = {}): Promise<void> {
    this.drives.schedule(campaignId, options.delayMs);
  }

  async dispatchEvaluation(request: EvaluationRequest<P>): Promise<DispatchOutcome> {
    if (this.closing !== undefined) throw new DispatcherClosedError('dispatcher');
    if (this.entries.has(request.key)) return 'duplicate';
    this.entries.set(request.key, { request, state: 'waiting', failedAttempts: 0 });
    this.fifo.push(request.key);
    this.pump();
    return 'queued';
  }

  async start(handlers: DispatchHandlers<P, R>): Promise<void> {
    if (this.closing !== undefined) throw new DispatcherClosedError('dispatcher');
    if (this.handlers !== undefined) throw new Error('dispatcher already started');
    this.handlers = handlers;
    this.pool = new EvaluatorPool<P, R>(this.options.evaluator);
    this.concurrency = Math.max(1, this.options.concurrency ?? this.pool.size);
    this.drives.start((campaignId) => handlers.drive(campaignId));
    this.pump();
  }

  async removeQueuedEvaluations(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry === undefined || entry.state === 'active') continue;
      clearTimeout(entry.timer);
      this.entries.delete(key);
      removed += 1;
    }
    return removed;
  }

  async isQueued(key: string): Promise<boolean> {
    return this.entries.has(key);
  }

  evaluatorSlots(): EvaluatorSlotInfo[] {
    return this.pool?.slotInfo() ?? [];
  }

  async counts(): Promise<DispatcherCounts> {
    let waiting = 0;
    let delayed = 0;
    for (const entry of this.entries.values()) {
      if (entry.state === 'waiting') waiting += 1;
      if (entry.state === 'delayed') delayed += 1;
    }
    return {
      drive: this.drives.counts(),
      evaluate: { waiting, active: this.active, delayed, failed: this.givenUp },
    };
  }

  onError(listener: DispatcherErrorListener): () => void {
    return this.errors.add(listener);
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.timeoutMs ?? 30_000, options.signal);
    return this.closing;
  }

  private async shutdown(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    await Promise.all([
      this.drives.close(timeoutMs),
      // Running evaluations get the grace period (or until `signal` aborts), then are killed and go back to waiting.
      this.pool?.close({ timeoutMs, signal }),
    ]);
    if (this.active > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.activeWaiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
    }
  }

  private pump(): void {
    const pool = this.pool;
    if (pool === undefined || this.closing !== undefined) return;
    while (this.active < this.concurrency && this.fifo.length > 0) {
      const key = this.fifo.shift() as string;
      const entry = this.entries.get(key);
      if (entry?.state === 'waiting') void this.run(pool, entry);
    }
  }

  private async run(pool: EvaluatorPool<P, R>, entry: Entry<P>): Promise<void> {
    const handlers = this.handlers as DispatchHandlers<P, R>;
    entry.state = 'active';
    this.active += 1;
    const job: EvaluationJob<P> = {
      ...entry.request,
      attempt: entry.failedAttempts + 1,
      maxAttempts: this.attempts,
    };
    try {
      const result = await pool.run(job.payload);
      await handlers.evaluated(job, result);
      this.entries.delete(job.key);
    } catch (error) {
      await this.onFailure(entry, job, toError(error));
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const wake of this.activeWaiters.splice(0)) wake();
      this.pump();
    }
  }

  private async onFailure(entry: Entry<P>, job: EvaluationJob<P>, error: Error): Promise<void> {
    const handlers = this.handlers as DispatchHandlers<P, R>;
    if (this.closing !== undefined && (error instanceof EvaluationAbortedError || error instanceof DispatcherClosedError)) {
      // Stopped by close(), not by the job: not an attempt, so it is handed back, not failed.
      entry.state = 'waiting';
      return;
    }
    entry.failedAttempts += 1;
    const final = isPermanentFailure(error) || entry.failedAttempts >= this.attempts;
    try {
      await handlers.failed(job, error, { final });
    } catch (handlerError) {
      this.errors.emit(toError(handlerError), { source: 'evaluate', key: job.key });
    }
    if (final) {
      this.entries.delete(job.key);
      this.givenUp += 1;
      return;
    }
    entry.state = 'delayed';
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        if (this.entries.get(job.key) !== entry) return;
        entry.state = 'waiting';
        this.fifo.push(job.key);
        this.pump();
      },
      exponentialBackoffMs(this.backoffMs, entry.failedAttempts),
    );
  }
}
