import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import type { EvaluationEvent, EvaluationPayload } from '@actsearch/engine';
import { parseBackendName, selectBackend } from '@actsearch/proxy';
import type { WorkerConfig } from './worker-config.ts';
import { startHeartbeat } from './heartbeat.ts';
import { loadSpaceCatalog } from './load-spaces.ts';
import { createWorkerMetrics, serveMetrics, type MetricsServer } from './metrics.ts';
import { PinnedTasks } from './pinned-tasks.ts';
import { proxyPrescreen } from './prescreen.ts';
import { startRuntime, type Runtime } from './assemble.ts';
import { EVALUATOR_MODULE } from './evaluator-module.ts';

export interface RunningWorker {
  readonly id: string;
  readonly runtime: Runtime;
  /** The bound port of `/metrics`, or null when disabled. */
  readonly metricsPort: number | null;
  /**
   * Stops taking work, lets running evaluations finish within the configured timeout (or until
   * `hurry` aborts; then they go back to the queue at once), deregisters.
   */
  close(hurry?: AbortSignal): Promise<void>;
}

/**
 * The `worker` role of the distributed mode: joins a Redis + PostgreSQL deployment, consumes drives
 * and evaluations (one evaluator process per core), sweeps lost work, heartbeats into the store and
 * exports Prometheus metrics. Any number may run, on any machines.
 */
export async function startWorker(config: WorkerConfig, log: Logger = pino({ level: config.LOG_LEVEL })): Promise<RunningWorker> {
  const id = `${hostname()}:${process.pid}`;
  const custom = config.ACTSEARCH_EVALUATOR_MODULE;
  let backend = custom === undefined ? await describeBackend(config, log) : 'custom';
  if (custom !== undefined) log.info({ module: custom }, 'evaluating with a custom evaluator module');
  const spaces = await loadSpaceCatalog(config.ACTSEARCH_SPACES_DIR);
  // Metrics need the dispatcher, which the runtime creates: events before that are not counted.
  let record: (event: EvaluationEvent) => void = () => undefined;
  const runtime = await startRuntime({
    store: {
      kind: 'postgres',
      url: config.DATABASE_URL,
      ...(config.DATABASE_SCHEMA === undefined ? {} : { schema: config.DATABASE_SCHEMA }),
      onPoolError: (error) => log.warn({ err: error }, 'database connection error'),
    },
    dispatch: {
      kind: 'bullmq',
      connection: { url: config.REDIS_URL },
      prefix: config.ACTSEARCH_QUEUE_PREFIX,
      attempts: config.ACTSEARCH_ATTEMPTS,
      backoffMs: config.ACTSEARCH_BACKOFF_MS,
      lockDurationMs: config.ACTSEARCH_LOCK_DURATION_MS,
      stalledIntervalMs: config.ACTSEARCH_STALLED_INTERVAL_MS,
    },
    evaluator: {
      module: custom ?? EVALUATOR_MODULE,
      size: config.ACTSEARCH_WORKERS,
      devices: config.ACTSEARCH_GPUS,
      describe: (payload: EvaluationPayload) => payload.key,
      maxJobsPerChild: config.ACTSEARCH_MAX_JOBS_PER_CHILD,
      timeoutMs: config.ACTSEARCH_EVALUATION_TIMEOUT_MS,
    },
    spaces,
    prescreen: proxyPrescreen,
    tasks: custom === undefined ? new PinnedTasks(log).resolve : undefined,
    log,
    workerId: id,
    driveLeaseMs: config.ACTSEARCH_DRIVE_LEASE_MS,
    sweepIntervalMs: config.ACTSEARCH_SWEEP_INTERVAL_MS,
    onEvaluation: (event) => {
      if (event.kind === 'stored' && event.backend !== backend) backend = event.backend;
      record(event);
    },
  });
  const metrics = createWorkerMetrics(runtime.dispatcher);
  record = metrics.record;
  let server: MetricsServer | null = null;
  try {
    if (config.METRICS_PORT !== 'off') server = await serveMetrics(metrics.registry, config.METRICS_PORT);
  } catch (error) {
    await runtime.close({ timeoutMs: 0 });
    throw error;
  }
  const heartbeat = startHeartbeat(
    runtime.store,
    {
      id,
      hostname: hostname(),
      role: 'worker',
      backend: () => backend,
      slots: () => (runtime.dispatcher.evaluatorSlots?.() ?? []).map((slot) => ({ ...slot })),
    },
    config.ACTSEARCH_HEARTBEAT_INTERVAL_MS,
    log,
  );
  log.info(
    {
      workerId: id,
      backend,
      evaluators: config.ACTSEARCH_GPUS.length > 0 ? config.ACTSEARCH_GPUS.length : config.ACTSEARCH_WORKERS,
      gpus: config.ACTSEARCH_GPUS,
      prefix: config.ACTSEARCH_QUEUE_PREFIX,
      metricsPort: server?.port ?? null,
    },
    'worker started',
  );
  let closing: Promise<void> | undefined;
  return {
    id,
    runtime,
    metricsPort: server?.port ?? null,
    close(hurry) {
      closing ??= (async () => {
        log.info({ workerId: id, timeoutMs: config.ACTSEARCH_SHUTDOWN_TIMEOUT_MS }, 'worker closing');
        await heartbeat.stop();
        await runtime.store.workers.remove(id).catch(() => false);
        await runtime.close({ timeoutMs: config.ACTSEARCH_SHUTDOWN_TIMEOUT_MS, signal: hurry });
        await server?.close();
        log.info({ workerId: id }, 'worker closed');
      })();
      return closing;
    },
  };
}

/**
 * Selects the TF.js backend here the way each evaluator process will (same packages, same
 * ACTSEARCH_BACKEND), to log it at start-up; evaluations then report the one they really used.
 */
async function describeBackend(config: WorkerConfig, log: Logger): Promise<string> {
  const info = await selectBackend(parseBackendName(config.ACTSEARCH_BACKEND));
  log.info({ backend: info.name, tfjs: info.tfjsVersion, skipped: info.skipped }, `training backend: ${info.name}`);
  return info.name;
}
