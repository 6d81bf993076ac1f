/**
 * @actsearch/runtime — the composition root: the one place that assembles a store, a dispatcher, the
 * engine and the evaluator pool, for the embedded mode (`startEmbedded`, or `startDaemonRuntime` with
 * `mode: 'embedded'`), the api role of the distributed mode (`startDaemonRuntime`, `mode:
 * 'distributed'`) and the worker role (`startWorker`); `startRuntime` is the general assembly they
 * share. The apps (api, worker, cli) depend on this package, never on one another.
 */
export { startRuntime } from './assemble.ts';
export type { BullmqDispatchOptions, LocalDispatchOptions, Runtime, RuntimeOptions } from './assemble.ts';
export { startDaemonRuntime } from './modes.ts';
export type { DaemonConfig, DaemonRuntime, DistributedModeConfig, EmbeddedModeConfig } from './modes.ts';
export { ListenError } from './listen-error.ts';
export { parseWorkerConfig, workerEnvSchema, gpuListSchema, DEFAULT_SPACES_DIR } from './worker-config.ts';
export type { WorkerConfig } from './worker-config.ts';
export { startWorker } from './worker.ts';
export type { RunningWorker } from './worker.ts';
export { EVALUATOR_MODULE } from './evaluator-module.ts';
export { evaluate, toOutcome } from './evaluator.ts';
export { startEmbedded, defaultDataDir } from './embedded.ts';
export type { EmbeddedOptions } from './embedded.ts';
export { createWorkerMetrics, serveMetrics } from './metrics.ts';
export type { MetricsServer, WorkerMetrics } from './metrics.ts';
export { loadSpaceCatalog } from './load-spaces.ts';
export { proxyPrescreen } from './prescreen.ts';
export { PinnedTasks } from './pinned-tasks.ts';
export { handleShutdownSignals, runUntilSignal } from './run-until-signal.ts';
export type { ShutdownOptions, ShutdownSignals } from './run-until-signal.ts';
export { DUPLICATE_WINDOW_MS, ShutdownRequests, type ShutdownStep } from './shutdown-requests.ts';
// The child-process pool, for callers that evaluate outside a campaign (the CLI's benchmark builder).
export { EvaluatorPool } from '@actsearch/queue';
export type { EvaluatorPoolOptions } from '@actsearch/queue';
