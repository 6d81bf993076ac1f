/**
 * `npm run worker`: one worker process of the distributed mode. Configured by the environment
 * (REDIS_URL, DATABASE_URL, …; see config.ts); SIGTERM or SIGINT shut it down gracefully.
 */
import { pino } from 'pino';
import { parseWorkerConfig } from './config.ts';
import { handleShutdownSignals } from './run-until-signal.ts';
import { startWorker } from './worker.ts';

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
