/**
 * How the engine hands out work, whatever carries it (BullMQ on Redis, or an in-process scheduler).
 * Two kinds of work:
 * - a *drive* of a campaign: short, does I/O, runs in the consuming process through `handlers.drive`;
 *   requests coalesce, and one drive of a campaign runs at a time;
 * - an *evaluation*: trains a candidate in an evaluator child process; its identity is the
 *   evaluation key, so the same key is never queued twice while it is waiting or running.
 */
import type { EvaluatorSlotInfo } from './evaluator-pool.ts';

export type DispatcherKind = 'bullmq' | 'local';

export type DispatchOutcome = 'queued' | 'duplicate';

export interface EvaluationRequest<P = unknown> {
  /** The evaluation key (fingerprint, task, fidelity, seed): the identity of the work. */
  readonly key: string;
  /** What the evaluator module's `evaluate()` receives; structured-cloneable and JSON-safe. */
  readonly payload: P;
  /**
   * Campaigns that asked for this evaluation. Informative only: a request that turns out to be a
   * duplicate does not add its campaigns to the queued job, so the engine must look up who waits
   * on a key in its store.
   */
  readonly campaignIds?: readonly string[];
}

export interface EvaluationJob<P = unknown> extends EvaluationRequest<P> {
  /** 1-based number of the attempt that produced this call. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

export interface FailureInfo {
  /** True when no further attempt will run: the error was permanent or attempts are exhausted. */
  readonly final: boolean;
}

export interface DispatchHandlers<P = unknown, R = unknown> {
  /** Runs one drive of the campaign. A throw retries the drive with backoff. */
  drive(campaignId: string): Promise<void>;
  /**
   * Persists a result. The job only counts as done once this resolves: a throw (or a crash before it
   * resolves) re-runs the evaluation rather than losing it, so it must be idempotent (an upsert).
   */
  evaluated(job: EvaluationJob<P>, result: R): Promise<void>;
  /** Called after every failed attempt; `final` says whether the evaluation is given up. */
  failed(job: EvaluationJob<P>, error: Error, info: FailureInfo): Promise<void>;
}

export interface QueueCounts {
  /** Ready to run (BullMQ: waiting + prioritized). */
  readonly waiting: number;
  readonly active: number;
  /** Scheduled for later: a delayed drive or a retry in backoff. */
  readonly delayed: number;
  /** Given up (kept for inspection; BullMQ keeps a bounded number). */
  readonly failed: number;
}

export interface DispatcherCounts {
  readonly drive: QueueCounts;
  readonly evaluate: QueueCounts;
}

export interface DispatcherErrorContext {
  /** `drive`/`evaluate`: a handler or job failed; `connection`: the queue backend; `pool`: evaluators. */
  readonly source: 'drive' | 'evaluate' | 'connection' | 'pool';
  readonly campaignId?: string;
  readonly key?: string;
}

export type DispatcherErrorListener = (error: Error, context: DispatcherErrorContext) => void;

export interface ScheduleDriveOptions {
  /** Run no earlier than this many ms from now. A pending drive runs at the earliest time asked. */
  readonly delayMs?: number;
}

export interface CloseOptions {
  /** How long running work may finish before it is stopped and handed back. Default 30 s. */
  readonly timeoutMs?: number;
  /** Aborting it ends that grace period at once (a second Ctrl+C): running work is stopped and handed back now. */
  readonly signal?: AbortSignal;
}

export interface Dispatcher<P = unknown, R = unknown> {
  readonly kind: DispatcherKind;
  /**
   * Requests a drive. Requests while one is pending coalesce into it; a request while a drive of
   * the campaign runs leads to exactly one more drive after it.
   */
  scheduleDrive(campaignId: string, options?: ScheduleDriveOptions): Promise<void>;
  /** Queues an evaluation unless the same key is already waiting, in backoff or running. */
  dispatchEvaluation(request: EvaluationRequest<P>): Promise<DispatchOutcome>;
  /** Begins consuming drives and evaluations with these handlers. Producers never call it. */
  start(handlers: DispatchHandlers<P, R>): Promise<void>;
  /** Removes evaluations that have not started (waiting or in backoff); returns how many. */
  removeQueuedEvaluations(keys: readonly string[]): Promise<number>;
  /** Whether the key is waiting, in backoff or running. */
  isQueued(key: string): Promise<boolean>;
  counts(): Promise<DispatcherCounts>;
  /** This process's evaluator slots (device, state, job); empty for a producer or before start. */
  evaluatorSlots?(): EvaluatorSlotInfo[];
  /** Subscribes to consumer-side errors (handlers, connections, evaluators); returns an unsubscribe. */
  onError(listener: DispatcherErrorListener): () => void;
  /**
   * Stops taking work; running work may finish within `timeoutMs`, after which it is stopped and
   * handed back (BullMQ: moved back to waiting for another worker). Idempotent.
   */
  close(options?: CloseOptions): Promise<void>;
}
