import { BullmqDispatcher, LocalDispatcher, type EvaluatorPoolOptions, type RedisConnectionOptions } from '@actsearch/queue';
import { openStore, type StoreOptions } from '@actsearch/store';
import type { Store } from '@actsearch/store';
import {
  createEngine,
  errorFields,
  silentLogger,
  type Engine,
  type EngineDispatcher,
  type EngineOptions,
  type EvaluationOutcome,
  type EvaluationPayload,
} from '@actsearch/engine';

/** The in-process queue (embedded mode). */
export interface LocalDispatchOptions {
  readonly kind: 'local';
  readonly attempts?: number;
  readonly backoffMs?: number;
}

/** BullMQ on Redis (distributed mode). */
export interface BullmqDispatchOptions {
  readonly kind: 'bullmq';
  readonly connection: RedisConnectionOptions;
  /** Redis key prefix; default `actsearch`. */
  readonly prefix?: string;
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly maxStalledCount?: number;
  readonly driveConcurrency?: number;
}

export interface RuntimeOptions extends Omit<EngineOptions, 'store' | 'dispatcher' | 'tasks'> {
  readonly store: StoreOptions;
  /**
   * The engine's tasks, or a function that settles them once the store is open (task files are
   * checked against the versions the store recorded before campaigns may name them).
   */
  readonly tasks?: EngineOptions['tasks'] | ((store: Store) => Promise<EngineOptions['tasks']>);
  readonly dispatch: LocalDispatchOptions | BullmqDispatchOptions;
  /** The evaluator processes (their module, how many, recycling). */
  readonly evaluator: EvaluatorPoolOptions;
  /** Whether this process consumes work (drives, evaluations, sweeps); false for a producer such as an API in distributed mode. Default true. */
  readonly consume?: boolean;
  readonly sweepIntervalMs?: number;
}

export interface Runtime {
  readonly engine: Engine;
  readonly store: Store;
  readonly dispatcher: EngineDispatcher;
  /**
   * Stops the sweeper, lets running evaluations finish within `timeoutMs` (then hands them back),
   * closes the store. Aborting `signal` hands the running evaluations back at once.
   */
  close(options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal }): Promise<void>;
}

/**
 * Assembles a store, a dispatcher and an engine, and starts consuming. The same function serves both
 * modes of docs/architecture.md ("Two modes, one engine"): PGlite + local for the embedded `npm start`, PostgreSQL + BullMQ for a
 * worker (or, with `consume: false`, an API that only submits and steers campaigns). The engine is
 * handed the instances made here; it constructs no store or dispatcher of its own.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? silentLogger;
  const store = await openStore(options.store);
  let dispatcher: EngineDispatcher;
  let tasks: EngineOptions['tasks'];
  try {
    tasks = typeof options.tasks === 'function' ? await options.tasks(store) : options.tasks;
    dispatcher = createDispatcher(options);
  } catch (error) {
    await store.close();
    throw error;
  }
  dispatcher.onError((error, context) => log.error({ ...context, ...errorFields(error) }, 'dispatcher error'));
  const engine = createEngine({ ...options, tasks, store, dispatcher, log });
  const consume = options.consume ?? true;
  try {
    if (consume) await engine.start({ ...(options.sweepIntervalMs === undefined ? {} : { sweepIntervalMs: options.sweepIntervalMs }) });
  } catch (error) {
    await dispatcher.close({ timeoutMs: 0 }).catch(() => undefined);
    await store.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    engine,
    store,
    dispatcher,
    close(closeOptions = {}) {
      closing ??= (async () => {
        await engine.stop();
        // Running evaluations still write their results through the store, so it closes last.
        await dispatcher.close({ timeoutMs: closeOptions.timeoutMs ?? 30_000, signal: closeOptions.signal });
        await store.close();
      })();
      return closing;
    },
  };
}

function createDispatcher(options: RuntimeOptions): EngineDispatcher {
  const dispatch = options.dispatch;
  if (dispatch.kind === 'local') {
    return new LocalDispatcher<EvaluationPayload, EvaluationOutcome>({
      evaluator: options.evaluator,
      ...(dispatch.attempts === undefined ? {} : { attempts: dispatch.attempts }),
      ...(dispatch.backoffMs === undefined ? {} : { backoffMs: dispatch.backoffMs }),
    });
  }
  const { kind: _kind, ...bullmq } = dispatch;
  return new BullmqDispatcher<EvaluationPayload, EvaluationOutcome>({
    ...bullmq,
    evaluator: options.evaluator,
    ...(options.workerId === undefined ? {} : { workerName: options.workerId }),
  });
}
