import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job, JobsOptions } from 'bullmq';
import { DispatcherClosedError, EvaluationAbortedError, isPermanentFailure, toError } from './errors.ts';
import { ErrorListeners } from './error-listeners.ts';
import { EvaluatorPool } from './evaluator-pool.ts';
import type { EvaluatorPoolOptions, EvaluatorSlotInfo } from './evaluator-pool.ts';
import { driveDeduplicationId, evaluationJobId } from './job-id.ts';
import type {
  CloseOptions,
  DispatchHandlers,
  DispatchOutcome,
  Dispatcher,
  DispatcherCounts,
  DispatcherErrorListener,
  EvaluationJob,
  EvaluationRequest,
  QueueCounts,
  ScheduleDriveOptions,
} from './dispatcher.ts';

/** Where Redis is: a `redis://` or `rediss://` URL, or its parts. */
export interface RedisConnectionOptions {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
}

export interface BullmqDispatcherOptions {
  readonly connection: RedisConnectionOptions;
  /** Redis key prefix of both queues; tests use a random one. Default `actsearch`. */
  readonly prefix?: string;
  /** The evaluator processes; needed by `start()` when it consumes evaluations. */
  readonly evaluator?: EvaluatorPoolOptions;
  /** What `start()` consumes; default both (an API process never calls `start()`). */
  readonly consume?: { readonly drive?: boolean; readonly evaluate?: boolean };
  /** Drives running at once in this process (different campaigns). Default 4. */
  readonly driveConcurrency?: number;
  /** Attempts per evaluation (default 3) and the exponential backoff base (default 2 s). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** Attempts per drive (default 5) and their backoff base (default 500 ms). */
  readonly driveAttempts?: number;
  readonly driveBackoffMs?: number;
  /**
   * How long a worker's claim on a job lasts without renewal (renewed every half of it). The
   * event loop that renews it never trains (the pool does), so 30 s is only about how long a dead
   * worker's job sits before another worker takes it over. Default 30 000.
   */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired. Default 15 000. */
  readonly stalledIntervalMs?: number;
  /**
   * Times a job may be recovered from a dead worker before it fails; 2 tolerates one worker loss
   * plus one unlucky restart, while a job that keeps killing its worker still ends. Default 2.
   */
  readonly maxStalledCount?: number;
  /** Shown on jobs as the worker that ran them. */
  readonly workerName?: string;
  /** How many failed jobs each queue keeps for inspection. Default 1 000. */
  readonly keepFailed?: number;
}

interface DriveData {
  readonly campaignId: string;
}

interface EvaluateData<P> {
  readonly key: string;
  readonly payload: P;
  readonly campaignIds?: readonly string[];
  /** Tells this producer whether its own add created the job or an existing one absorbed it. */
  readonly token: string;
}

const DRIVE_QUEUE = 'drive';
const EVALUATE_QUEUE = 'evaluate';
const PENDING_STATES = new Set(['waiting', 'delayed', 'prioritized']);
const IN_FLIGHT_STATES = new Set([...PENDING_STATES, 'active', 'waiting-children']);

/**
 * The distributed driver: two BullMQ queues on Redis, consumed by any number of worker processes.
 * Evaluations run in an EvaluatorPool, never on the worker's event loop, so lock renewal keeps
 * going while a candidate trains.
 */
export class BullmqDispatcher<P = unknown, R = unknown> implements Dispatcher<P, R> {
  readonly kind = 'bullmq' as const;
  private readonly errors = new ErrorListeners();
  private readonly driveQueue: Queue<DriveData>;
  private readonly evaluateQueue: Queue<EvaluateData<P>>;
  private readonly prefix: string;
  private readonly attempts: number;
  private driveWorker: Worker<DriveData> | undefined;
  private evaluateWorker: Worker<EvaluateData<P>> | undefined;
  private pool: EvaluatorPool<P, R> | undefined;
  private started = false;
  private closing: Promise<void> | undefined;
  /** Jobs whose failure the processor already reported, so the `failed` event does not repeat it. */
  private readonly reported = new WeakSet<Job>();

  constructor(private readonly options: BullmqDispatcherOptions) {
    this.prefix = options.prefix ?? 'actsearch';
    this.attempts = Math.max(1, options.attempts ?? 3);
    const keepFailed = { count: options.keepFailed ?? 1_000 };
    this.driveQueue = new Queue<DriveData>(DRIVE_QUEUE, {
      connection: { ...options.connection },
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: Math.max(1, options.driveAttempts ?? 5),
        backoff: { type: 'exponential', delay: options.driveBackoffMs ?? 500 },
        removeOnComplete: true,
        removeOnFail: keepFailed,
      },
    });
    this.evaluateQueue = new Queue<EvaluateData<P>>(EVALUATE_QUEUE, {
      connection: { ...options.connection },
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 2_000 },
        // The result is persisted by `handlers.evaluated` before completion; Redis keeps nothing.
        removeOnComplete: true,
        removeOnFail: keepFailed,
      },
    });
    this.driveQueue.on('error', (error) => this.errors.emit(error, { source: 'connection' }));
    this.evaluateQueue.on('error', (error) => this.errors.emit(error, { source: 'connection' }));
  }

  async scheduleDrive(campaignId: string, options: ScheduleDriveOptions = {}): Promise<void> {
    this.assertOpen();
    const delayMs = Math.max(0, options.delayMs ?? 0);
    const deduplicationId = driveDeduplicationId(campaignId);
    const jobId = `${deduplicationId}.${randomUUID()}`;
    const jobOptions: JobsOptions = {
      jobId,
      delay: delayMs,
      // One pending drive per campaign; a request while one runs is stored and becomes exactly
      // one new job when the running one finishes (BullMQ never runs the two in parallel).
      deduplication: { id: deduplicationId, keepLastIfActive: true },
    };
    const job = await this.driveQueue.add('drive', { campaignId }, jobOptions);
    if (job.id === jobId) return;
    // Absorbed by a pending drive: make it run no later than this request asked.
    const pending = job.id === undefined ? undefined : await this.driveQueue.getJob(job.id);
    if (pending === undefined || !(await pending.isDelayed())) return;
    if (pending.timestamp + pending.delay > Date.now() + delayMs) {
      // It may have started in between; then it already serves this request.
      await pending.changeDelay(delayMs).catch(() => undefined);
    }
  }

  async dispatchEvaluation(request: EvaluationRequest<P>): Promise<DispatchOutcome> {
    this.assertOpen();
    const jobId = evaluationJobId(request.key);
    const token = randomUUID();
    const data: EvaluateData<P> = {
      key: request.key,
      payload: request.payload,
      ...(request.campaignIds === undefined ? {} : { campaignIds: request.campaignIds }),
      token,
    };
    for (let round = 0; round < 3; round += 1) {
      // BullMQ ignores an add whose job id exists, atomically: the id is the deduplication.
      await this.evaluateQueue.add('evaluate', data, { jobId });
      const stored = await this.evaluateQueue.getJob(jobId);
      // Gone already: it ran and was persisted since this call began.
      if (stored === undefined || stored.data.token === token) return 'queued';
      const state = await stored.getState();
      if (state !== 'completed' && state !== 'failed') return 'duplicate';
      // A finished job only blocks its id; asking again means the work is wanted again.
      await this.evaluateQueue.remove(jobId);
    }
    return 'duplicate';
  }

  async start(handlers: DispatchHandlers<P, R>): Promise<void> {
    this.assertOpen();
    if (this.started) throw new Error('dispatcher already started');
    this.started = true;
    const consume = { drive: true, evaluate: true, ...this.options.consume };
    const workerOptions = {
      connection: { ...this.options.connection, maxRetriesPerRequest: null },
      prefix: this.prefix,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 15_000,
      maxStalledCount: this.options.maxStalledCount ?? 2,
      ...(this.options.workerName === undefined ? {} : { name: this.options.workerName }),
    };
    if (consume.evaluate) {
      if (this.options.evaluator === undefined) {
        throw new Error('consuming evaluations needs the `evaluator` option');
      }
      const pool = new EvaluatorPool<P, R>(this.options.evaluator);
      this.pool = pool;
      this.evaluateWorker = new Worker<EvaluateData<P>>(
        EVALUATE_QUEUE,
        (job, token) => this.processEvaluation(pool, handlers, job, token),
        { ...workerOptions, concurrency: pool.size },
      );
      this.evaluateWorker.on('error', (error) => this.errors.emit(error, { source: 'connection' }));
      this.evaluateWorker.on('failed', (job, error) => {
        if (job !== undefined) void this.onFailedOutsideProcessor(handlers, job, error);
      });
    }
    if (consume.drive) {
      this.driveWorker = new Worker<DriveData>(
        DRIVE_QUEUE,
        async (job) => {
          try {
            await handlers.drive(job.data.campaignId);
          } catch (error) {
            this.errors.emit(toError(error), { source: 'drive', campaignId: job.data.campaignId });
            throw error;
          }
        },
        { ...workerOptions, concurrency: Math.max(1, this.options.driveConcurrency ?? 4) },
      );
      this.driveWorker.on('error', (error) => this.errors.emit(error, { source: 'connection' }));
    }
    await Promise.all([this.evaluateWorker?.waitUntilReady(), this.driveWorker?.waitUntilReady()]);
  }

  async removeQueuedEvaluations(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      const jobId = evaluationJobId(key);
      if (!PENDING_STATES.has(await this.evaluateQueue.getJobState(jobId))) continue;
      // Returns 0 when a worker took the job in between: running work is not cancelled here.
      removed += await this.evaluateQueue.remove(jobId);
    }
    return removed;
  }

  async isQueued(key: string): Promise<boolean> {
    return IN_FLIGHT_STATES.has(await this.evaluateQueue.getJobState(evaluationJobId(key)));
  }

  evaluatorSlots(): EvaluatorSlotInfo[] {
    return this.pool?.slotInfo() ?? [];
  }

  async counts(): Promise<DispatcherCounts> {
    const [drive, evaluate] = await Promise.all([countsOf(this.driveQueue), countsOf(this.evaluateQueue)]);
    return { drive, evaluate };
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
    // Workers stop fetching at once and wait for their active jobs.
    const workersClosed = Promise.all([this.evaluateWorker?.close(), this.driveWorker?.close()]);
    // Evaluations past the grace period (or once `signal` aborts) are killed; their processors then hand the jobs back.
    await this.pool?.close({ timeoutMs, signal });
    // A drive cannot be interrupted: past the deadline this process stops waiting for it, and if
    // it exits, the drive's lock expires and another worker runs it again (drives are idempotent).
    await withDeadline(workersClosed, deadline);
    await Promise.all([this.driveQueue.close(), this.evaluateQueue.close()]);
  }

  private async processEvaluation(
    pool: EvaluatorPool<P, R>,
    handlers: DispatchHandlers<P, R>,
    job: Job<EvaluateData<P>>,
    token: string | undefined,
  ): Promise<void> {
    const evaluation = toEvaluationJob(job, this.attempts);
    try {
      const result = await pool.run(job.data.payload);
      // Completion waits for the result to be persisted: dying before this resolves re-runs the job.
      await handlers.evaluated(evaluation, result);
    } catch (caught) {
      const error = toError(caught);
      const stoppedByClose =
        this.closing !== undefined && (error instanceof EvaluationAbortedError || error instanceof DispatcherClosedError);
      if (stoppedByClose && token !== undefined) {
        // Not the job's fault and not an attempt: back to waiting for another worker, right now
        // rather than after the lock expires.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const permanent = isPermanentFailure(error);
      const final = permanent || job.attemptsMade + 1 >= evaluation.maxAttempts;
      this.reported.add(job);
      try {
        await handlers.failed(evaluation, error, { final });
      } catch (handlerError) {
        this.errors.emit(toError(handlerError), { source: 'evaluate', key: evaluation.key });
      }
      if (permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  /**
   * Failures the processor never saw: a job that stalled more often than `maxStalledCount` (its
   * worker kept dying) is failed by the next worker without running it.
   */
  private async onFailedOutsideProcessor(handlers: DispatchHandlers<P, R>, job: Job<EvaluateData<P>>, error: Error): Promise<void> {
    if (this.reported.has(job)) return;
    const evaluation = toEvaluationJob(job, this.attempts);
    try {
      await handlers.failed(evaluation, error, { final: true });
    } catch (handlerError) {
      this.errors.emit(toError(handlerError), { source: 'evaluate', key: evaluation.key });
    }
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new DispatcherClosedError('dispatcher');
  }
}

function toEvaluationJob<P>(job: Job<EvaluateData<P>>, defaultAttempts: number): EvaluationJob<P> {
  return {
    key: job.data.key,
    payload: job.data.payload,
    ...(job.data.campaignIds === undefined ? {} : { campaignIds: job.data.campaignIds }),
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? defaultAttempts,
  };
}

async function countsOf(queue: Queue): Promise<QueueCounts> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  const of = (type: string): number => counts[type] ?? 0;
  return {
    waiting: of('waiting') + of('prioritized'),
    active: of('active'),
    delayed: of('delayed'),
    failed: of('failed'),
  };
}

async function withDeadline(promise: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    }),
  ]);
  clearTimeout(timer);
}
