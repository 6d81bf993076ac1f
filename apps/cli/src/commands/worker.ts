/**
 * `actsearch worker`: runs one worker of the distributed mode in this process until SIGTERM/SIGINT.
 * Everything is configured by the environment, as in a container (see packages/runtime/src/worker-config.ts).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli-error.ts';
import { useTaskDirs } from '../task-dirs.ts';
import type { CliCommand } from '../command.ts';

const USAGE = `usage: actsearch worker [--tasks DIR]...

Joins a Redis + PostgreSQL deployment and evaluates candidates (one evaluator process per core),
drives campaigns and rebuilds lost queue state. Stops gracefully on SIGTERM or SIGINT: running
evaluations may finish for ACTSEARCH_SHUTDOWN_TIMEOUT_MS, then go back to the queue; a second
signal (more than a second later) hands them back at once. See docs/operations.md.

environment:
  REDIS_URL                     redis://host:6379 (required)
  DATABASE_URL                  postgresql://user@host:5432/db (required; ?schema= honoured)
  ACTSEARCH_WORKERS             evaluator processes (default: one per core)
  ACTSEARCH_GPUS                GPU slots, e.g. 0,1: one evaluator per device (CUDA_VISIBLE_DEVICES)
  ACTSEARCH_BACKEND             auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto)
  ACTSEARCH_QUEUE_PREFIX        Redis key prefix shared by a deployment (default actsearch)
  METRICS_PORT                  Prometheus /metrics port (default 9464; 0 = any free port; off)
  LOG_LEVEL                     trace | debug | info | warn | error (default info)
  ACTSEARCH_SHUTDOWN_TIMEOUT_MS how long running evaluations may finish on shutdown (default 30000)
  ACTSEARCH_TASKS_DIR           more folders of task files (also --tasks DIR; docs/tasks.md)
`;

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'run a worker of the distributed mode (Redis + PostgreSQL) until stopped',
  usage: USAGE,
  async run(args, io) {
    let tasks: string[] | undefined;
    try {
      tasks = parseArgs({ args: [...args], options: { tasks: { type: 'string', multiple: true } }, strict: true }).values.tasks;
    } catch {
      throw new UsageError(
        `actsearch worker takes only --tasks DIR (configure the rest with environment variables; see --help), got '${args.join(' ')}'`,
      );
    }
    useTaskDirs(tasks, io);
    // Loaded here, not at the top: the worker pulls in Prisma, BullMQ and TF.js, which every other
    // command would otherwise pay for at start-up.
    const { pino } = await import('pino');
    const { handleShutdownSignals, parseWorkerConfig, startWorker } = await import('@actsearch/runtime');
    const config = parseWorkerConfig(io.env);
    const log = pino({ level: config.LOG_LEVEL });
    const shutdown = handleShutdownSignals(log, { graceMs: config.ACTSEARCH_SHUTDOWN_TIMEOUT_MS, env: io.env });
    const worker = await startWorker(config, log);
    await shutdown.closeOnRequest((hurry) => worker.close(hurry));
    return 0;
  },
};
