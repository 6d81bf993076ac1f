/**
 * One worker process of the distributed mode, run by path (the engine's failure tests and
 * bench/campaign-200.ts spawn it). Configured by the environment (REDIS_URL, DATABASE_URL, …; see
 * packages/runtime/src/worker-config.ts); SIGTERM or SIGINT shut it down gracefully. The assembly is
 * @actsearch/runtime's startWorker, which `actsearch worker` (and `npm run worker`) runs too.
 */
import { pino } from 'pino';
import { handleShutdownSignals, parseWorkerConfig, startWorker } from '@actsearch/runtime';

const bootLog = pino();
try {
  const config = parseWorkerConfig(process.env);
  const log = pino({ level: config.LOG_LEVEL });
  const shutdown = handleShutdownSignals(log, { graceMs: config.ACTSEARCH_SHUTDOWN_TIMEOUT_MS, env: process.env });
  const worker = await startWorker(config, log);
  await shutdown.closeOnRequest((hurry) => worker.close(hurry));
  process.exit(0);
} catch (error) {
  bootLog.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  process.exit(1);
}
