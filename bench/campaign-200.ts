/**
 * A real campaign of 200 candidates on the default proxy task, end to end, in either mode:
 * - embedded: one process, PGlite in a temporary folder, the in-process queue and evaluator pool
 *   (what `npm start` runs; `startEmbedded` from packages/runtime);
 * - distributed: this process only submits (an engine that does not consume, like an API) and a
 *   separate `npm run worker` process trains, over PostgreSQL (fresh schema) and Redis (fresh prefix).
 * Prints a summary per mode: counts, wall time, throughput, evaluation times, the best functions.
 *
 *   npx tsx bench/campaign-200.ts [--modes embedded,distributed] [--candidates 200]
 *     [--fidelity screen] [--strategy evolution] [--workers <cores>]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { spentOf } from '@actsearch/engine';
import { DEFAULT_TASK_ID, getTask, listTasks } from '@actsearch/tasks';
import type { Campaign } from '@actsearch/store';
import { DEFAULT_SPACES_DIR, loadSpaceCatalog, proxyPrescreen, startEmbedded, startRuntime, type Runtime } from '@actsearch/runtime';

const { values: args } = parseArgs({
  options: {
    modes: { type: 'string', default: 'embedded,distributed' },
    candidates: { type: 'string', default: '200' },
    fidelity: { type: 'string', default: 'screen' },
    strategy: { type: 'string', default: 'evolution' },
    space: { type: 'string', default: 'swish-core1' },
    workers: { type: 'string', default: String(availableParallelism()) },
  },
});
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const WORKER_MAIN = fileURLToPath(new URL('../apps/worker/src/main.ts', import.meta.url));
const workers = Number(args.workers);
const spec = {
  name: `campaign-200 ${args.strategy}`,
  space: args.space,
  strategy: args.strategy,
  tasks: [DEFAULT_TASK_ID],
  fidelity: args.fidelity,
  budget: { candidates: Number(args.candidates) },
  parallelism: workers * 2,
  seed: 1,
  // Measures the search; the finale would add full-fidelity trainings to the wall time.
  finale: { enabled: false },
};
const log = pino({ level: 'warn' });

async function waitDone(runtime: Runtime, id: string, label: string): Promise<Campaign> {
  let last = -1;
  for (;;) {
    const campaign = await runtime.store.campaigns.require(id);
    if (campaign.status === 'done' || campaign.status === 'failed' || campaign.status === 'cancelled') return campaign;
    const spent = spentOf(campaign);
    if (spent !== last && spent % 20 === 0) process.stderr.write(`${label}: ${spent}/${campaign.budget}\n`);
    last = spent;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function summarize(mode: string, runtime: Runtime, campaign: Campaign, seconds: number): Promise<void> {
  const rows = await runtime.store.prisma.evaluation.findMany({
    where: { task: DEFAULT_TASK_ID, taskVersion: getTask(DEFAULT_TASK_ID).version, fidelity: spec.fidelity },
    select: { status: true, durationMs: true, backend: true, rejectionTest: true },
  });
  const durations = rows.map((row) => row.durationMs ?? 0).sort((a, b) => a - b);
  const quantile = (q: number): number => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  const rejections = new Map<string, number>();
  for (const row of rows) if (row.rejectionTest !== null) rejections.set(row.rejectionTest, (rejections.get(row.rejectionTest) ?? 0) + 1);
  const backends = [...new Set(rows.map((row) => row.backend).filter((b) => b !== null))].join(', ');
  const top = await runtime.store.leaderboard({
    task: DEFAULT_TASK_ID,
    taskVersion: getTask(DEFAULT_TASK_ID).version,
    fidelity: spec.fidelity,
    campaignId: campaign.id,
    limit: 5,
  });
  console.log(`## ${mode}`);
  console.log(`status ${campaign.status} (${campaign.statusReason ?? ''}) in ${seconds.toFixed(0)} s`);
  console.log(
    `candidates: ${campaign.proposed} proposed = ${spentOf(campaign)} spent (evaluated ${campaign.evaluated}, rejected in training ${campaign.rejected}, failed ${campaign.failed}, reused ${campaign.reused}) + ${campaign.prescreenRejected} pre-screened out`,
  );
  console.log(`training rejections: ${[...rejections].map(([test, n]) => `${test} ${n}`).join(', ') || 'none'}; backend ${backends}`);
  console.log(
    `throughput ${(spentOf(campaign) / seconds).toFixed(2)} candidates/s with ${workers} evaluator processes; evaluation wall time median ${(quantile(0.5) / 1000).toFixed(2)} s, p90 ${(quantile(0.9) / 1000).toFixed(2)} s`,
  );
  console.log('best:');
  for (const row of top.items) console.log(`  ${row.rank}. ${row.mean.toFixed(4)}  ${row.canonical}`);
  console.log('');
}

async function embedded(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'actsearch-campaign-200-'));
  const runtime = await startEmbedded({ dataDir, workers, log });
  try {
    const t = performance.now();
    const campaign = await runtime.engine.submitCampaign(spec);
    const done = await waitDone(runtime, campaign.id, 'embedded');
    await summarize('embedded (PGlite + in-process queue, one process)', runtime, done, (performance.now() - t) / 1000);
  } finally {
    await runtime.close({ timeoutMs: 10_000 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function distributed(): Promise<void> {
  const schema = `c200_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const prefix = `actsearch-c200-${randomUUID().slice(0, 8)}`;
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const producer = await startRuntime({
    store: { kind: 'postgres', url: url.toString() },
    dispatch: { kind: 'bullmq', connection: { url: REDIS_URL }, prefix },
    evaluator: { module: 'unused: this process does not consume' },
    consume: false,
    // Like the API process: it knows the tasks, so the campaign pins their versions.
    tasks: listTasks(),
    spaces: await loadSpaceCatalog(DEFAULT_SPACES_DIR),
    prescreen: proxyPrescreen,
    log,
  });
  const worker = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    env: {
      ...process.env,
      REDIS_URL,
      DATABASE_URL: url.toString(),
      ACTSEARCH_QUEUE_PREFIX: prefix,
      ACTSEARCH_WORKERS: String(workers),
      METRICS_PORT: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const t = performance.now();
    const campaign = await producer.engine.submitCampaign(spec);
    const done = await waitDone(producer, campaign.id, 'distributed');
    await summarize(
      'distributed (PostgreSQL + BullMQ, a separate `npm run worker` process)',
      producer,
      done,
      (performance.now() - t) / 1000,
    );
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    await producer.close({ timeoutMs: 5_000 });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

console.log(
  `# campaign-200: ${spec.budget.candidates} candidates of ${spec.space}, ${spec.strategy}, ${DEFAULT_TASK_ID} at ${spec.fidelity}, parallelism ${spec.parallelism}`,
);
console.log(
  `command: npx tsx bench/campaign-200.ts${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`,
);
console.log(
  `machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start; node ${process.versions.node}`,
);
console.log('');
for (const mode of (args.modes ?? '').split(',')) {
  if (mode === 'embedded') await embedded();
  else if (mode === 'distributed') await distributed();
}
