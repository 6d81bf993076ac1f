/**
 * The whole product in one process (`actsearch start`): the engine, the API and the dashboard.
 * Embedded by default — PGlite in the data folder, the in-process queue and a pool of evaluator
 * processes; with REDIS_URL and DATABASE_URL it is the `api` role of the distributed mode instead,
 * which submits and steers campaigns while `actsearch worker` processes evaluate them.
 */
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@actsearch/core';
import { DEFAULT_TASK_ID } from '@actsearch/tasks';
import {
  DEFAULT_SPACES_DIR,
  PinnedTasks,
  gpuListSchema,
  loadSpaceCatalog,
  startDaemonRuntime,
  type DaemonConfig,
} from '@actsearch/runtime';
import type { Logger } from 'pino';
import { createApiApp } from './app.ts';
import { parseTokenList } from './auth.ts';
import { apiConfigFromEnv } from './config.ts';
import { createApiContext } from './create-context.ts';
import { bind } from './http-server.ts';
import { loadOrCreateToken } from './token-file.ts';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  /** Data folder: the embedded database (`db/`) and the generated token (`token`). */
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  /** Evaluator processes of the embedded mode; default one per core. */
  readonly workers?: number;
}

export interface RunningDaemon {
  readonly mode: 'embedded' | 'api';
  readonly url: string;
  readonly port: number;
  /** Where the token came from: the environment, or a file in the data folder. */
  readonly token:
    { readonly source: 'env' } | { readonly source: 'file'; readonly value: string; readonly file: string; readonly created: boolean };
  readonly describe: string;
  /**
   * Stops taking requests, ends event streams, lets running evaluations finish within `timeoutMs`
   * (then hands them back), closes the store. Aborting `hurry` hands them back at once.
   */
  close(timeoutMs?: number, hurry?: AbortSignal): Promise<void>;
}

export type Serve = (options: ServeOptions) => Promise<RunningDaemon>;

/** `<repo>/apps/dashboard/dist`, where the dashboard is built. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../apps/dashboard/dist', import.meta.url));

function parseGpus(text: string | undefined): string[] {
  const parsed = gpuListSchema.safeParse(text);
  if (!parsed.success)
    throw new ValidationError(`ACTSEARCH_GPUS: ${parsed.error.issues[0]?.message ?? 'invalid'}`, [
      { path: 'ACTSEARCH_GPUS', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  return parsed.data;
}

function distributedEnv(env: ServeOptions['env']): { redisUrl: string; databaseUrl: string } | undefined {
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (redisUrl === undefined && databaseUrl === undefined) return undefined;
  if (redisUrl === undefined || databaseUrl === undefined) {
    const missing = redisUrl === undefined ? 'REDIS_URL' : 'DATABASE_URL';
    throw new ValidationError(`the distributed mode needs both REDIS_URL and DATABASE_URL; ${missing} is not set`, [
      { path: missing, message: 'is required with the other' },
    ]);
  }
  return { redisUrl, databaseUrl };
}

/** The environment, read here once, as the composition root's plain config (packages/runtime). */
function daemonConfigFromEnv(options: ServeOptions, tasks: PinnedTasks, log: Logger): DaemonConfig {
  const { env } = options;
  const spacesDir = env.ACTSEARCH_SPACES_DIR?.trim() || DEFAULT_SPACES_DIR;
  const distributed = distributedEnv(env);
  if (distributed === undefined) {
    const evaluatorModule = env.ACTSEARCH_EVALUATOR_MODULE?.trim() || undefined;
    return {
      mode: 'embedded',
      dataDir: options.dataDir,
      spacesDir,
      tasks,
      log,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      gpus: parseGpus(env.ACTSEARCH_GPUS),
      ...(evaluatorModule === undefined ? {} : { evaluatorModule }),
      backend: env.ACTSEARCH_BACKEND?.trim() || 'auto',
    };
  }
  const schema = env.DATABASE_SCHEMA?.trim() || undefined;
  return {
    mode: 'distributed',
    databaseUrl: distributed.databaseUrl,
    ...(schema === undefined ? {} : { databaseSchema: schema }),
    redisUrl: distributed.redisUrl,
    prefix: env.ACTSEARCH_QUEUE_PREFIX?.trim() || 'actsearch',
    spacesDir,
    tasks,
    log,
  };
}

/** The daemon `actsearch start` runs. */
export const serve: Serve = async (options) => {
  const { env, log } = options;
  const config = apiConfigFromEnv(env, { dashboardDir: DEFAULT_DASHBOARD_DIR });
  // The port first: when it is taken, say so before the database is opened (requests meanwhile get 503 `starting`).
  const server = await bind({ port: options.port, host: options.host });
  const fromEnv = parseTokenList(env.ACTSEARCH_TOKENS);
  let token: RunningDaemon['token'] = { source: 'env' };
  let digests = fromEnv;
  let engine;
  const tasks = new PinnedTasks(log);
  try {
    if (fromEnv.length === 0) {
      const saved = loadOrCreateToken(options.dataDir);
      token = { source: 'file', value: saved.token, file: saved.file, created: saved.created };
      digests = parseTokenList(saved.token);
    }
    engine = await startDaemonRuntime(daemonConfigFromEnv(options, tasks, log));
  } catch (error) {
    await server.close(0);
    throw error;
  }
  const daemonRuntime = engine;
  const { runtime, mode, describe } = daemonRuntime;
  const ctx = createApiContext({
    store: runtime.store,
    engine: runtime.engine,
    spaces: await loadSpaceCatalog(env.ACTSEARCH_SPACES_DIR?.trim() || DEFAULT_SPACES_DIR),
    tasks: tasks.catalog.list(),
    defaultTask: DEFAULT_TASK_ID,
    config,
    readiness: { queue: async () => void (await runtime.dispatcher.counts()) },
    logger: log,
    mode,
  });
  const api = createApiApp(ctx, { tokenDigests: digests });
  server.handle(api.app, { beforeClose: () => api.closeStreams() });
  let closing: Promise<void> | undefined;
  return {
    mode,
    url: server.url,
    port: server.port,
    token,
    describe,
    close(timeoutMs = 30_000, hurry) {
      closing ??= (async () => {
        await server.close(Math.min(timeoutMs, 10_000), hurry);
        ctx.events.close();
        await daemonRuntime.close({ timeoutMs, signal: hurry });
      })();
      return closing;
    },
  };
};
