/**
 * @actsearch/worker — the evaluating side of actsearch: the `worker` role of the distributed mode
 * (`startWorker`), the embedded assembly `npm start` runs in one process (`startEmbedded`), and the
 * proxy evaluator module their child processes load (`EVALUATOR_MODULE`).
 */
export { parseWorkerConfig, workerEnvSchema, gpuListSchema, DEFAULT_SPACES_DIR } from './config.ts';
export type { WorkerConfig } from './config.ts';
export { startWorker, EVALUATOR_MODULE } from './worker.ts';
export { evaluate, toOutcome } from './evaluator.ts';
export type { RunningWorker } from './worker.ts';
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
