import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { EvaluationPayload } from '@actsearch/engine';
import { startRuntime, type Runtime } from './assemble.ts';
import { DEFAULT_SPACES_DIR } from './worker-config.ts';
import { loadSpaceCatalog } from './load-spaces.ts';
import { PinnedTasks } from './pinned-tasks.ts';
import { proxyPrescreen } from './prescreen.ts';
import { EVALUATOR_MODULE } from './evaluator-module.ts';

export interface EmbeddedOptions {
  /** The PGlite data folder (created if missing), or `memory`; default `.actsearch/db` under the working directory. */
  readonly dataDir?: string;
  /** Evaluator processes; default one per core. */
  readonly workers?: number;
  /** GPU slots: one evaluator process per device, each with CUDA_VISIBLE_DEVICES set (overrides `workers`). */
  readonly gpus?: readonly string[];
  readonly spacesDir?: string;
  /** A module exporting `evaluate(payload)` instead of the proxy trainer. */
  readonly evaluatorModule?: string;
  readonly sweepIntervalMs?: number;
  /** The task files on offer (default: the repository's and ACTSEARCH_TASKS_DIR's), pinned at start. */
  readonly tasks?: PinnedTasks;
  readonly log?: Logger;
}

export function defaultDataDir(cwd: string = process.cwd()): string {
  return path.join(cwd, '.actsearch', 'db');
}

/**
 * The embedded mode (`npm start`): PGlite store, in-process queue and a pool of evaluator processes,
 * all owned by this process. Returns the runtime; its `engine` submits and steers campaigns, its
 * `store` answers queries, `close()` shuts it all down. A restart finds its campaigns in the data
 * folder, and the sweeper re-queues whatever was waiting (the in-memory queue did not survive).
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Runtime> {
  const log = options.log ?? pino({ level: 'info' });
  const runtime = await startRuntime({
    store: { kind: 'pglite', dataDir: options.dataDir ?? defaultDataDir() },
    dispatch: { kind: 'local' },
    evaluator: {
      module: options.evaluatorModule ?? EVALUATOR_MODULE,
      size: options.workers ?? availableParallelism(),
      devices: options.gpus ?? [],
      describe: (payload: EvaluationPayload) => payload.key,
    },
    spaces: await loadSpaceCatalog(options.spacesDir ?? DEFAULT_SPACES_DIR),
    prescreen: proxyPrescreen,
    tasks: options.evaluatorModule === undefined ? (options.tasks ?? new PinnedTasks(log)).resolve : undefined,
    log,
    workerId: 'embedded',
    ...(options.sweepIntervalMs === undefined ? {} : { sweepIntervalMs: options.sweepIntervalMs }),
  });
  log.info(
    {
      dataDir: options.dataDir ?? defaultDataDir(),
      evaluators: options.gpus?.length || (options.workers ?? availableParallelism()),
      gpus: options.gpus ?? [],
    },
    'embedded engine started',
  );
  return runtime;
}
