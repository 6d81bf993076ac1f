/**
 * bench:engine — the orchestration overhead per evaluation: a campaign whose evaluator returns at
 * once runs through the whole loop (drive, pre-screen, store writes, dispatch, evaluator process
 * IPC, result handling, next drive), on both drivers, and the throughput is reported with the ratio
 * between them. A second campaign over the same space then finishes by reusing every evaluation
 * (no dispatch at all), which isolates the drive's own cost.
 *
 *   npm run bench:engine
 *   options: --candidates 400  --parallelism 16  --workers <cores>  --modes embedded,distributed
 *            (REDIS_URL, DATABASE_URL: the distributed mode's services; defaults are the local ones)
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { spentOf, type Prescreen } from '@actsearch/engine';
import { startRuntime, type Runtime } from '@actsearch/runtime';
import { prescreenExpr } from '@actsearch/proxy';
import { SpaceCatalog } from '@actsearch/spaces';
import type { Campaign } from '@actsearch/store';

const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '400' },
    parallelism: { type: 'string', default: '16' },
    workers: { type: 'string', default: String(availableParallelism()) },
    modes: { type: 'string', default: 'embedded,distributed' },
  },
});
const candidates = Number(args.candidates);
const parallelism = Number(args.parallelism);
const workers = Number(args.workers);
const modes = (args.modes ?? '').split(',').filter((m): m is 'embedded' | 'distributed' => m === 'embedded' || m === 'distributed');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const EVALUATOR = fileURLToPath(new URL('./engine-noop-evaluator.ts', import.meta.url));
const SPACES_DIR = fileURLToPath(new URL('../search-spaces/', import.meta.url));
const SPACE = 'swish-core1';

const prescreen: Prescreen = (expr, options) => {
  const verdict = prescreenExpr(expr, options);
  return verdict === null ? null : { check: verdict.check, reason: verdict.reason };
};

/** A package's version, found from the workspace that depends on it (some hide package.json behind `exports`). */
function version(pkg: string, from = '../packages/store/package.json'): string {
  try {
    let dir = dirname(createRequire(new URL(from, import.meta.url)).resolve(pkg));
    while (dir !== dirname(dir)) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (json.name === pkg) return json.version ?? '?';
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return '?';
}

async function serverVersions(): Promise<{ redis: string; postgres: string }> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const client = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await redis.connect();
    await client.connect();
    const info = await redis.info('server');
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { redis: /redis_version:(\S+)/.exec(info)?.[1] ?? '?', postgres: rows[0]?.server_version ?? '?' };
  } finally {
    redis.disconnect();
    await client.end();
  }
}

interface ModeResult {
  readonly mode: string;
  readonly startMs: number;
  readonly evaluated: number;
  readonly prescreened: number;
  readonly seconds: number;
  readonly reuseSeconds: number;
}

async function waitDone(runtime: Runtime, id: string): Promise<Campaign> {
  for (;;) {
    const campaign = await runtime.store.campaigns.require(id);
    if (campaign.status === 'done' || campaign.status === 'failed' || campaign.status === 'cancelled') return campaign;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function runMode(mode: 'embedded' | 'distributed', spaces: SpaceCatalog): Promise<ModeResult> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `actsearch-bench-${randomUUID().slice(0, 8)}`;
  const started = performance.now();
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const runtime = await startRuntime({
    spaces,
    prescreen,
    evaluator: { module: EVALUATOR, size: workers },
    sweepIntervalMs: 0,
    store: mode === 'embedded' ? { kind: 'pglite', dataDir: 'memory' } : { kind: 'postgres', url: url.toString() },
    dispatch: mode === 'embedded' ? { kind: 'local' } : { kind: 'bullmq', connection: { url: REDIS_URL }, prefix },
  });
  const startMs = performance.now() - started;
  try {
    const spec = {
      name: 'bench',
      space: SPACE,
      strategy: 'random',
      tasks: ['bench'],
      budget: { candidates },
      parallelism,
      seed: 1,
      finale: { enabled: false },
    };
    // Warm-up: evaluator processes started, the space's caches built, the code paths compiled.
    await waitDone(
      runtime,
      (await runtime.engine.submitCampaign({ ...spec, tasks: ['warmup'], budget: { candidates: 2 * parallelism } })).id,
    );
    let t = performance.now();
    const first = await waitDone(runtime, (await runtime.engine.submitCampaign(spec)).id);
    const seconds = (performance.now() - t) / 1000;
    if (first.status !== 'done' || spentOf(first) !== candidates)
      throw new Error(`${mode}: campaign ended ${first.status} with ${spentOf(first)}`);
    t = performance.now();
    const second = await waitDone(runtime, (await runtime.engine.submitCampaign({ ...spec, name: 'bench reuse' })).id);
    const reuseSeconds = (performance.now() - t) / 1000;
    if (second.reused !== candidates) throw new Error(`${mode}: the second campaign reused ${second.reused}, not ${candidates}`);
    return { mode, startMs, evaluated: first.evaluated, prescreened: first.prescreenRejected, seconds, reuseSeconds };
  } finally {
    await runtime.close({ timeoutMs: 5_000 });
    if (mode === 'distributed') await dropDistributed(schema, prefix);
  }
}

async function dropDistributed(schema: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

const names = readdirSync(SPACES_DIR).filter((name) => name.endsWith('.yaml'));
const spaces = SpaceCatalog.fromSources(names.map((name) => ({ name, text: readFileSync(join(SPACES_DIR, name), 'utf8') })));
const servers = modes.includes('distributed') ? await serverVersions() : { redis: '-', postgres: '-' };
const cpu = cpus();
console.log('# bench:engine — orchestration overhead per evaluation (no-op evaluator, whole loop, store included)');
console.log(
  `command:   npm run bench:engine --${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`,
);
console.log(
  `machine:   ${cpu[0]?.model ?? '?'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start`,
);
console.log(
  `versions:  node ${process.versions.node}, @prisma/client ${version('@prisma/client')}, @electric-sql/pglite ${version('@electric-sql/pglite')}, bullmq ${version('bullmq', '../packages/queue/package.json')}, ioredis ${version('ioredis', '../packages/queue/package.json')}, redis ${servers.redis}, postgres ${servers.postgres}`,
);
console.log(
  `campaign:  ${SPACE}, random, ${candidates} evaluated candidates, parallelism ${parallelism}, ${workers} evaluator processes; then the same campaign again (all reused)`,
);
console.log('');
const results: ModeResult[] = [];
for (const mode of modes) results.push(await runMode(mode, spaces));
const rows = results.map((r) => [
  r.mode === 'embedded' ? 'embedded (PGlite + local)' : 'distributed (PostgreSQL + BullMQ)',
  (r.startMs / 1000).toFixed(1),
  String(r.prescreened),
  (r.evaluated / r.seconds).toFixed(1),
  ((r.seconds * 1000) / r.evaluated).toFixed(1),
  (candidates / r.reuseSeconds).toFixed(1),
]);
const header = ['driver', 'start s', 'pre-screened', 'evaluations/s', 'ms/evaluation', 'reused/s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
const line = (cells: readonly string[]): string =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const row of rows) console.log(line(row));
const embedded = results.find((r) => r.mode === 'embedded');
const distributed = results.find((r) => r.mode === 'distributed');
if (embedded !== undefined && distributed !== undefined) {
  const ratio = distributed.evaluated / distributed.seconds / (embedded.evaluated / embedded.seconds);
  console.log('');
  console.log(`distributed / embedded throughput: ${ratio.toFixed(2)}×`);
}
