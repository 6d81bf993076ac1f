/**
 * `actsearch start`: the whole product in this process tree — API, dashboard, engine and evaluator
 * pool on the embedded default (or the `api` role with REDIS_URL and DATABASE_URL) — until
 * SIGINT/SIGTERM, which shut it down gracefully (a second one fast). It holds the data folder's lock
 * while it runs.
 */
import path from 'node:path';
import { CommandFailedError, UsageError } from '../cli-error.ts';
import { useTaskDirs } from '../task-dirs.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { dataFolderOf } from '../client/client-options.ts';
import { intOption, parseCommandArgs } from '../options.ts';
import { DataFolderInUseError, lockDataFolder, UnreadableLockError } from '../data-folder/data-folder-lock.ts';

const USAGE = `usage: actsearch start [--port 8080] [--data DIR] [options]

Runs actsearch: the API, the dashboard and the search engine. By default everything lives in this
process tree (the embedded mode): the database is PGlite in DIR/db, evaluations run in a pool of
child processes. It prints the URL and the token that mutating requests need. One server per data
folder: DIR/actsearch.pid names it (and tells the CLI its URL and token file); a second start on
the same folder refuses.

Ctrl+C or SIGTERM stops it gracefully: no new work, running evaluations finish (up to
ACTSEARCH_SHUTDOWN_TIMEOUT_MS, then they go back to the queue); a second one, more than a second
later, hands them back at once. An interrupted campaign resumes on the next start. See
docs/operations.md.

With REDIS_URL and DATABASE_URL set it runs the 'api' role of the distributed mode instead: it
submits and steers campaigns in PostgreSQL + BullMQ, and 'actsearch worker' processes evaluate.

options:
  --port <n>       port to listen on (default $PORT or 8080; 0 picks a free one)
  --host <addr>    address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --data <dir>     data folder, created if missing (default $ACTSEARCH_DATA or ./.actsearch)
  --workers <n>    evaluator processes in the embedded mode (default: one per core)
  --tasks <dir>    another folder of task files (repeatable; docs/tasks.md)

environment:
  ACTSEARCH_TOKENS       accepted bearer tokens, comma-separated (plain or sha256:<hex>); without
                         it a token is generated once and kept in DIR/token
  ACTSEARCH_MAX_BUDGET   largest budget a campaign may ask for (default 100000)
  ACTSEARCH_SHUTDOWN_TIMEOUT_MS  how long running evaluations may finish on Ctrl+C/SIGTERM (default 30000)
  ACTSEARCH_DASHBOARD_DIR  built dashboard to serve (default apps/dashboard/dist)
  REDIS_URL, DATABASE_URL, DATABASE_SCHEMA, ACTSEARCH_QUEUE_PREFIX   the distributed mode
  ACTSEARCH_BACKEND      TF.js backend of the evaluators: auto | tensorflow | wasm | cpu
  ACTSEARCH_EVALUATOR_MODULE  a module exporting evaluate(payload) instead of the proxy trainer
  ACTSEARCH_TASKS_DIR    more folders of task files, separated like PATH
  ACTSEARCH_GPUS         GPU slots, e.g. 0,1: one evaluator per device with CUDA_VISIBLE_DEVICES set
                         (instead of one per core; /api/workers shows the slots)
  LOG_LEVEL              trace | debug | info | warn | error (default info; logs go to stderr)
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  workers: { type: 'string' },
  tasks: { type: 'string', multiple: true },
} as const;

/** One line for a port that cannot be bound, instead of an EADDRINUSE stack. */
function listenFailure(error: {
  readonly reason: 'in_use' | 'not_permitted' | 'no_such_address';
  readonly message: string;
}): CommandFailedError {
  const hint =
    error.reason === 'in_use'
      ? 'another actsearch or another program listens there; choose another port with --port or PORT'
      : error.reason === 'not_permitted'
        ? 'ports below 1024 need privileges; choose another with --port or PORT'
        : 'choose an address of this machine with --host';
  return new CommandFailedError(`cannot listen: ${error.message} (${hint})`);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('start', args, OPTIONS, false);
  const port = intOption(values.port ?? (io.env.PORT?.trim() || undefined), 'port', 0, 65_535) ?? 8080;
  const workers = intOption(values.workers, 'workers', 1, 1024);
  const graceText = io.env.ACTSEARCH_SHUTDOWN_TIMEOUT_MS?.trim() || '30000';
  const graceMs = Number(graceText);
  if (!/^\d+$/.test(graceText) || graceMs > 3_600_000)
    throw new UsageError(`ACTSEARCH_SHUTDOWN_TIMEOUT_MS must be milliseconds from 0 to 3600000, got '${graceText}'`);
  const dataDir = dataFolderOf(values.data, io);
  useTaskDirs(values.tasks, io);
  const host = values.host ?? '127.0.0.1';
  const level = io.env.LOG_LEVEL?.trim() || 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level))
    throw new UsageError(`LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent, got '${level}'`);
  // The data folder first, before anything in it is opened (and before the slow imports, so that a
  // second start on it refuses at once): one server per folder.
  let lock;
  try {
    lock = lockDataFolder(dataDir);
  } catch (error) {
    if (error instanceof DataFolderInUseError || error instanceof UnreadableLockError) throw new CommandFailedError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST') {
      throw new CommandFailedError(`cannot use ${dataDir} as the data folder: ${(error as Error).message}`);
    }
    throw error;
  }
  let daemon;
  let shutdown;
  let log;
  let started = Date.now();
  try {
    // Loaded here: the engine pulls in Prisma, PGlite and TF.js, which other commands need not pay for.
    const { pino } = await import('pino');
    const { handleShutdownSignals, ListenError } = await import('@actsearch/runtime');
    const { serve } = await import('@actsearch/http');
    log = pino({ level }, pino.destination(2));
    // From here on a Ctrl+C is a stop request, also while the database opens.
    shutdown = handleShutdownSignals(log, { graceMs, env: io.env });
    if (lock.tookOverFrom !== null)
      log.warn(
        { stalePid: lock.tookOverFrom.pid, since: lock.tookOverFrom.startedAt, lock: lock.file },
        'took over the lock of an actsearch that no longer runs',
      );
    started = Date.now();
    try {
      daemon = await serve({ port, host, dataDir, env: io.env, log, ...(workers === undefined ? {} : { workers }) });
    } catch (error) {
      if (error instanceof ListenError) throw listenFailure(error);
      throw error;
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  lock.update({ url: daemon.url, tokenFile: daemon.token.source === 'file' ? daemon.token.file : null });
  const token =
    daemon.token.source === 'env'
      ? 'token:     one of ACTSEARCH_TOKENS'
      : `token:     ${daemon.token.value}  (saved in ${daemon.token.file})`;
  const cliHint =
    dataDir === path.join(io.cwd, '.actsearch') ? `run it from ${io.cwd}, or pass --data ${dataDir}` : `pass --data ${dataDir}`;
  io.out(
    [
      `actsearch is ready in ${((Date.now() - started) / 1000).toFixed(1)} s — ${daemon.describe}`,
      `dashboard: ${daemon.url}/`,
      `API:       ${daemon.url}/api  (routes: ${daemon.url}/api/docs)`,
      token,
      `data:      ${dataDir}  (the CLI finds this server and its token there: ${cliHint})`,
      `Stop with Ctrl+C: running evaluations finish first (up to ${Math.round(graceMs / 1000)} s; a second Ctrl+C hands them back to the queue at once).`,
      '',
    ].join('\n'),
  );
  try {
    await shutdown.closeOnRequest((hurry) => daemon.close(graceMs, hurry));
  } finally {
    lock.release();
  }
  log.info('stopped');
  return 0;
}

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run actsearch (API, dashboard, engine, evaluators) on this machine; prints the URL and token',
  usage: USAGE,
  run,
};
