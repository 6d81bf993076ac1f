/**
 * The composition root's one entry for a daemon (`actsearch start`): from a plain config it opens the
 * embedded mode (PGlite + in-process scheduler + evaluator pool, all in this process) or the `api`
 * role of the distributed mode (PostgreSQL + a BullMQ producer that only submits and steers; workers
 * consume, see worker.ts). The config is already parsed: reading the environment stays in the apps.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startRuntime, type Runtime } from './assemble.ts';
import { startEmbedded } from './embedded.ts';
import { EVALUATOR_MODULE } from './evaluator-module.ts';
import { startHeartbeat } from './heartbeat.ts';
import { loadSpaceCatalog } from './load-spaces.ts';
import type { PinnedTasks } from './pinned-tasks.ts';
import { proxyPrescreen } from './prescreen.ts';

export interface EmbeddedModeConfig {
  readonly mode: 'embedded';
  /** The data folder; the database lives in its `db/`. */
  readonly dataDir: string;
  /** Evaluator processes; default one per core. */
  readonly workers?: number;
  /** GPU slots: one evaluator process per device (overrides `workers`). */
  readonly gpus: readonly string[];
  /** A module exporting `evaluate(payload)` instead of the proxy trainer. */
  readonly evaluatorModule?: string;
  /** TF.js backend name shown by the heartbeat (`GET /api/workers`). */
  readonly backend: string;
}

export interface DistributedModeConfig {
  readonly mode: 'distributed';
  readonly databaseUrl: string;
  readonly databaseSchema?: string;
  readonly redisUrl: string;
  /** Redis key prefix every process of the deployment shares. */
  readonly prefix: string;
}

export type DaemonConfig = (EmbeddedModeConfig | DistributedModeConfig) & {
  readonly spacesDir: string;
  /** The task files on offer, pinned against the store's versions at start. */
  readonly tasks: PinnedTasks;
  readonly log: Logger;
};

export interface DaemonRuntime {
  readonly runtime: Runtime;
  /** `embedded`: this process does everything; `api`: the producer of the distributed mode. */
  readonly mode: 'embedded' | 'api';
  /** One line for the start-up banner. */
  readonly describe: string;
  /** Stops the heartbeat, then closes the runtime (see Runtime.close). */
  close(options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal }): Promise<void>;
}

export async function startDaemonRuntime(config: DaemonConfig): Promise<DaemonRuntime> {
  const { log } = config;
  if (config.mode === 'embedded') {
    const dbDir = join(config.dataDir, 'db');
    const runtime = await startEmbedded({
      dataDir: dbDir,
      spacesDir: config.spacesDir,
      log,
      tasks: config.tasks,
      ...(config.workers === undefined ? {} : { workers: config.workers }),
      gpus: config.gpus,
      ...(config.evaluatorModule === undefined ? {} : { evaluatorModule: config.evaluatorModule }),
    });
    // The embedded process is its own (only) worker: it shows in `GET /api/workers` with its slots.
    const id = `${hostname()}:${process.pid}`;
    const heartbeat = startHeartbeat(
      runtime.store,
      {
        id,
        hostname: hostname(),
        role: 'embedded',
        backend: () => config.backend,
        slots: () => (runtime.dispatcher.evaluatorSlots?.() ?? []).map((slot) => ({ ...slot })),
      },
      10_000,
      log,
    );
    return {
      runtime,
      mode: 'embedded',
      describe: `embedded: PGlite in ${dbDir}, in-process queue, evaluator pool`,
      async close(options = {}) {
        await heartbeat.stop();
        await runtime.store.workers.remove(id).catch(() => false);
        await runtime.close(options);
      },
    };
  }
  const runtime = await startRuntime({
    store: {
      kind: 'postgres',
      url: config.databaseUrl,
      ...(config.databaseSchema === undefined ? {} : { schema: config.databaseSchema }),
      onPoolError: (error) => log.warn({ err: error }, 'database connection error'),
    },
    dispatch: { kind: 'bullmq', connection: { url: config.redisUrl }, prefix: config.prefix },
    evaluator: { module: EVALUATOR_MODULE },
    // The API role only submits and steers; workers drive and evaluate.
    consume: false,
    spaces: await loadSpaceCatalog(config.spacesDir),
    prescreen: proxyPrescreen,
    tasks: config.tasks.resolve,
    log,
  });
  return {
    runtime,
    mode: 'api',
    describe: `api role: PostgreSQL + BullMQ (prefix ${config.prefix}); run \`actsearch worker\` to evaluate`,
    close: (options) => runtime.close(options),
  };
}
