import { hostname } from 'node:os';
import type { DispatchHandlers, EvaluationJob, FailureInfo } from '@actsearch/queue';
import type { Campaign, Store } from '@actsearch/store';
import type { EngineContext, EngineDispatcher, EvaluationEvent, KnownTask, SpaceLookup } from './context.ts';
import { driveCampaign } from './drive.ts';
import type { EvaluationOutcome, EvaluationPayload, Prescreen } from './evaluation.ts';
import { cancelCampaign, pauseCampaign, resumeCampaign, submitCampaign, type SubmitOptions } from './lifecycle.ts';
import { errorFields, silentLogger, type EngineLogger } from './logger.ts';
import { onEvaluated, onFailed } from './results.ts';
import { sweep, type SweepReport } from './sweeper.ts';

export interface EngineOptions {
  readonly store: Store;
  readonly dispatcher: EngineDispatcher;
  readonly spaces: SpaceLookup;
  /** The pre-screen run on every proposal before training; without one, nothing is pre-screened. */
  readonly prescreen?: Prescreen;
  /**
   * The tasks a spec may name, with their versions (a campaign pins them at submission); without it any
   * well-formed id is accepted at version 0 (the evaluator decides).
   */
  readonly tasks?: readonly KnownTask[];
  readonly log?: EngineLogger;
  /** Recorded on evaluations and drive leases; default `${hostname}:${pid}`. */
  readonly workerId?: string;
  /** How long a drive's lease lasts without renewal; a crashed driver blocks its campaign this long. Default 30 s. */
  readonly driveLeaseMs?: number;
  /** Rounds (tell, ask, dispatch) per drive before the campaign goes back to the queue. Default 50. */
  readonly maxRoundsPerDrive?: number;
  /**
   * How long the drive a finished evaluation asks for waits, so that results landing close together
   * share one drive (the drive's store round trips are the loop's main fixed cost). Default 25 ms.
   */
  readonly resultDriveDelayMs?: number;
  /** Called for every stored or failed evaluation (metrics). */
  readonly onEvaluation?: (event: EvaluationEvent) => void;
}

export interface EngineStartOptions {
  /** How often the sweeper rebuilds lost queue state; 0 disables it. Default 30 s. */
  readonly sweepIntervalMs?: number;
}

/** The campaign engine: the lifecycle, the drive loop, the result handlers and the sweeper. */
export interface Engine {
  /**
   * Validates the spec as submitted (validateCampaignSpec: ValidationError naming every field at
   * fault), stores the campaign, status queued, and schedules its first drive.
   */
  submitCampaign(spec: unknown, options?: SubmitOptions): Promise<Campaign>;
  /** queued | running → paused: no new dispatch; running evaluations finish. ConflictError otherwise. */
  pause(campaignId: string): Promise<Campaign>;
  /** paused → running, and a drive. ConflictError otherwise. */
  resume(campaignId: string): Promise<Campaign>;
  /** → cancelled, removing its queued evaluations. ConflictError when already finished. */
  cancel(campaignId: string, reason?: string): Promise<Campaign>;
  /** One drive of the campaign; idempotent, serialized per campaign by a lease in the store. */
  drive(campaignId: string): Promise<void>;
  /** Persists a result and settles the candidates waiting on it (idempotent). */
  onEvaluated(job: EvaluationJob<EvaluationPayload>, result: EvaluationOutcome): Promise<void>;
  /** Records a final failure (retries are the dispatcher's business). */
  onFailed(job: EvaluationJob<EvaluationPayload>, error: Error, info: FailureInfo): Promise<void>;
  /** One pass of the sweeper. */
  sweep(): Promise<SweepReport>;
  /** The handlers a dispatcher consumes with. */
  handlers(): DispatchHandlers<EvaluationPayload, EvaluationOutcome>;
  /** Starts consuming (dispatcher.start), sweeps once, and then periodically. Producers never call it. */
  start(options?: EngineStartOptions): Promise<void>;
  /** Stops the sweeper; the store and dispatcher belong to the caller, who closes them. */
  stop(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const ctx: EngineContext = {
    store: options.store,
    dispatcher: options.dispatcher,
    spaces: options.spaces,
    prescreen: options.prescreen,
    log: options.log ?? silentLogger,
    workerId: options.workerId ?? `${hostname()}:${process.pid}`,
    driveLeaseMs: options.driveLeaseMs ?? 30_000,
    maxRoundsPerDrive: options.maxRoundsPerDrive ?? 50,
    resultDriveDelayMs: options.resultDriveDelayMs ?? 25,
    onEvaluation: options.onEvaluation,
  };
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  let stopped = false;

  const runSweep = async (): Promise<SweepReport> => sweep(ctx);
  const engine: Engine = {
    submitCampaign: (spec, submit) => submitCampaign(ctx, spec, options.tasks, submit),
    pause: (id) => pauseCampaign(ctx, id),
    resume: (id) => resumeCampaign(ctx, id),
    cancel: (id, reason) => cancelCampaign(ctx, id, reason),
    drive: (id) => driveCampaign(ctx, id),
    onEvaluated: (job, result) => onEvaluated(ctx, job, result),
    onFailed: (job, error, info) => onFailed(ctx, job, error, info),
    sweep: runSweep,
    handlers: () => ({
      drive: (id) => driveCampaign(ctx, id),
      evaluated: (job, result) => onEvaluated(ctx, job, result),
      failed: (job, error, info) => onFailed(ctx, job, error, info),
    }),
    async start(startOptions = {}) {
      await ctx.dispatcher.start(engine.handlers());
      const intervalMs = startOptions.sweepIntervalMs ?? 30_000;
      const tick = (): void => {
        if (stopped || sweeping !== undefined) return;
        sweeping = runSweep()
          .catch((error: unknown) => ctx.log.error(errorFields(error), 'sweep failed; the next one retries'))
          .finally(() => {
            sweeping = undefined;
          });
      };
      // At start-up too: an embedded process that restarted has an empty queue.
      tick();
      if (intervalMs > 0) timer = setInterval(tick, intervalMs);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await sweeping;
    },
  };
  return engine;
}
