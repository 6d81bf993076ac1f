/**
 * `actsearch start`: the whole product in this process tree — API, dashboard, engine and evaluator
 * pool on the embedded default (or the `api` role with REDIS_URL and DATABASE_URL) — until
 * SIGINT/SIGTERM, which shut it down gracefully.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { intOption } from '../client/client-options.ts';

const USAGE = `usage: actsearch start [--port 8080] [--data DIR] [options]

Runs actsearch: the API, the dashboard and the search engine. By default everything lives in this
process tree (the embedded mode): the database is PGlite in DIR/db, evaluations run in a pool of
child processes. It prints the URL and the token that mutating requests need, and stops gracefully
on Ctrl+C or SIGTERM (running evaluations finish; an interrupted campaign resumes on the next start).

With REDIS_URL and DATABASE_URL set it runs the 'api' role of the distributed mode instead: it
submits and steers campaigns in PostgreSQL + BullMQ, and 'actsearch worker' processes evaluate.

options:
  --port <n>       port to listen on (default $PORT or 8080; 0 picks a free one)
  --host <addr>    address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --data <dir>     data folder (default ./.actsearch)
  --workers <n>    evaluator processes in the embedded mode (default: one per core)

environment:
  ACTSEARCH_TOKENS       accepted bearer tokens, comma-separated (plain or sha256:<hex>); without
                         it a token is generated once and kept in DIR/token
  ACTSEARCH_MAX_BUDGET   largest budget a campaign may ask for (default 100000)
  ACTSEARCH_DASHBOARD_DIR  built dashboard to serve (default apps/dashboard/dist)
  REDIS_URL, DATABASE_URL, DATABASE_SCHEMA, ACTSEARCH_QUEUE_PREFIX   the distributed mode
  ACTSEARCH_BACKEND      TF.js backend of the evaluators: auto | tensorflow | wasm | cpu
  ACTSEARCH_EVALUATOR_MODULE  a module exporting evaluate(payload) instead of the proxy trainer
  LOG_LEVEL              trace | debug | info | warn | error (default info; logs go to stderr)
`;

const OPTIONS = { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, workers: { type: 'string' } } as const;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true });
  } catch (err) {
    throw new UsageError(`${(err instanceof Error ? err.message : String(err)).split('\n')[0]} (see 'actsearch start --help')`);
  }
  const { values } = parsed;
  const port = intOption(values.port ?? (io.env.PORT?.trim() || undefined), 'port', 0, 65_535) ?? 8080;
  const workers = intOption(values.workers, 'workers', 1, 1024);
  const dataDir = path.resolve(io.cwd, values.data ?? '.actsearch');
  const host = values.host ?? '127.0.0.1';
  const level = io.env.LOG_LEVEL?.trim() || 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level)) throw new UsageError(`LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent, got '${level}'`);
  // Loaded here: the engine pulls in Prisma, PGlite and TF.js, which other commands need not pay for.
  const { pino } = await import('pino');
  const { serve } = await import('@actsearch/api');
  const { runUntilSignal } = await import('@actsearch/worker');
  const log = pino({ level }, pino.destination(2));
  const started = Date.now();
  const daemon = await serve({ port, host, dataDir, env: io.env, log, ...(workers === undefined ? {} : { workers }) });
  const found = dataDir === path.join(io.cwd, '.actsearch') ? 'the CLI finds it when run from this folder' : 'give it to the CLI with --token or ACTSEARCH_TOKEN';
  const token =
    daemon.token.source === 'env'
      ? 'token:     one of ACTSEARCH_TOKENS'
      : `token:     ${daemon.token.value}\n           (saved in ${daemon.token.file}; ${found})`;
  io.out(
    [
      `actsearch is ready in ${((Date.now() - started) / 1000).toFixed(1)} s — ${daemon.describe}`,
      `dashboard: ${daemon.url}/`,
      `API:       ${daemon.url}/api  (routes: ${daemon.url}/api/docs)`,
      token,
      'Stop with Ctrl+C: running evaluations finish first.',
      '',
    ].join('\n'),
  );
  await runUntilSignal(() => daemon.close(30_000), log, 60_000);
  log.info('stopped');
  return 0;
}

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run actsearch (API, dashboard, engine, evaluators) on this machine; prints the URL and token',
  usage: USAGE,
  run,
};
