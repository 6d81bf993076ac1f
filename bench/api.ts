/**
 * bench:api — the read path at scale. Seeds a fresh PostgreSQL schema with 10⁶ evaluations (200,000
 * activations × 5 seeds on one task, plus ReLU) and a running campaign of 50,000 evaluated candidates,
 * in bulk SQL (generate_series; the leaderboard triggers run once per statement), then serves the API
 * from this process and measures it with a keep-alive HTTP client in another process: requests/s, p50
 * and p99 for the leaderboard, the campaign detail, an activation and the campaign list: one URL at 1
 * and 50 concurrent clients, and 50 clients on 50 different URLs of the route.
 *
 *   npm run bench:api
 *   options: --activations 200000  --seeds 5  --candidates 50000  --campaigns 50  --seconds 10
 *            --keep (leave the schema for inspection; it is dropped otherwise)
 *            --routes leaderboard,detail (only those rows: leaderboard, detail, activation, list)
 *            (DATABASE_URL: the PostgreSQL to use; default the local one)
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiConfig, BASELINE_FINGERPRINT, createApiApp, createApiContext } from '@actsearch/http';
import { createEngine, type EvaluationOutcome, type EvaluationPayload } from '@actsearch/engine';
import { DEFAULT_TASK_ID, listTasks } from '@actsearch/tasks';
import { LocalDispatcher } from '@actsearch/queue';
import { openStore } from '@actsearch/store';
import { loadSpaceCatalog } from '../apps/cli/src/load-spaces.ts';

const { values: args } = parseArgs({
  options: {
    activations: { type: 'string', default: '200000' },
    seeds: { type: 'string', default: '5' },
    candidates: { type: 'string', default: '50000' },
    campaigns: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    routes: { type: 'string', default: 'leaderboard,detail,activation,list' },
  },
});
const ACTIVATIONS = Number(args.activations);
const SEEDS = Number(args.seeds);
const CANDIDATES = Number(args.candidates);
const CAMPAIGNS = Number(args.campaigns);
const SECONDS = Number(args.seconds);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const TASK = 'spirals-mlp';
const NOOP_EVALUATOR = fileURLToPath(new URL('./engine-noop-evaluator.ts', import.meta.url));

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const say = (line: string) => console.log(line);

/**
 * The load generator, a separate process (so the server's CPU time is its own): `connections`
 * keep-alive clients, each sending its next request when the last answers.
 */
const CLIENT = `
const http = require('node:http');
const { port, paths, connections, seconds, warmupSeconds } = JSON.parse(process.env.BENCH_CLIENT);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const get = (path) => new Promise((resolve) => {
  const started = process.hrtime.bigint();
  const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
    res.resume();
    res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode }));
  });
  req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: 0 }));
});
(async () => {
  const warmEnd = Date.now() + warmupSeconds * 1000;
  let warm = 0;
  await Promise.all(Array.from({ length: connections }, async (_, c) => { while (Date.now() < warmEnd) { await get(paths[c % paths.length]); warm++; } }));
  const latencies = [];
  let errors = 0;
  const start = Date.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async (_, c) => {
    while (Date.now() < end) {
      const r = await get(paths[c % paths.length]);
      latencies.push(r.ms);
      if (r.status !== 200) errors++;
    }
  }));
  agent.destroy();
  process.send({ latencies, errors, warm, seconds: (Date.now() - start) / 1000 }, () => process.exit(0));
})();
`;

interface Measured {
  readonly latencies: number[];
  readonly errors: number;
  readonly warm: number;
  readonly seconds: number;
  /** This process's CPU time (user + system) per request answered, warm-up included. */
  readonly cpuMsPerRequest: number;
}

/** Client c asks for paths[c mod paths.length], over and over. */
async function measure(port: number, paths: readonly string[], connections: number): Promise<Measured> {
  const cpu = process.cpuUsage();
  const client = spawn(process.execPath, ['-e', CLIENT], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_CLIENT: JSON.stringify({ port, paths, connections, seconds: SECONDS, warmupSeconds: 1 }) },
  });
  const result = await new Promise<Omit<Measured, 'cpuMsPerRequest'>>((resolve, reject) => {
    client.once('message', (m) => resolve(m as Omit<Measured, 'cpuMsPerRequest'>));
    client.once('error', reject);
    client.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before reporting`)));
  });
  const used = process.cpuUsage(cpu);
  return { ...result, cpuMsPerRequest: (used.user + used.system) / 1000 / (result.latencies.length + result.warm) };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function main(): Promise<void> {
  const schema = `bench_api_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(DATABASE_URL);
  url.searchParams.set('schema', schema);
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const tasks = listTasks();
  const version = tasks.find((t) => t.id === TASK)?.version ?? 0;
  const store = await openStore({ kind: 'postgres', url: url.toString(), poolSize: 20 });
  try {
    say(`# bench:api — ${new Date().toISOString()}`);
    say(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (availableParallelism ${availableParallelism()}), node ${process.version}; PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}`,
    );
    say(`load average at start: ${load()}  (a shared machine: other work runs beside this benchmark)`);

    const spaces = await loadSpaceCatalog();
    // Never started: the engine only stores the submission and answers the API's mutations; nothing drives or trains.
    const dispatcher = new LocalDispatcher<EvaluationPayload, EvaluationOutcome>({ evaluator: { module: NOOP_EVALUATOR, size: 1 } });
    const engine = createEngine({ store, dispatcher, spaces, tasks });
    const campaign = await engine.submitCampaign({
      name: 'bench: 50,000 candidates',
      space: 'swish-core1',
      strategy: 'random',
      tasks: [TASK],
      fidelity: 'screen',
      seeds: Array.from({ length: SEEDS }, (_, s) => s),
      budget: { candidates: Math.max(CANDIDATES * 2, 1) },
      parallelism: 4,
    });

    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`SET search_path TO "${schema}"`);
    const timed = async (what: string, sql: string, params: unknown[] = []) => {
      const started = Date.now();
      const result = await db.query(sql, params);
      say(`  ${what}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
    say(
      `seeding ${ACTIVATIONS.toLocaleString('en')} activations × ${SEEDS} seeds on ${TASK} v${version} (+ ReLU), a campaign of ${CANDIDATES.toLocaleString('en')} candidates and ${CAMPAIGNS} small ones:`,
    );
    const seedStarted = Date.now();
    await timed(
      'activations',
      `INSERT INTO "Activation" ("fingerprint", "canonical")
       SELECT md5('bench' || i), 'x + ' || i FROM generate_series(1, $1::int) AS i
       UNION ALL SELECT $2, 'relu(x)'`,
      [ACTIVATIONS, BASELINE_FINGERPRINT],
    );
    // Each activation has a quality; its seeds scatter around it. The trigger builds the leaderboard once, for the whole statement.
    await timed(
      'evaluations (+ leaderboard entries by the trigger)',
      `INSERT INTO "Evaluation" ("key", "fingerprint", "task", "taskVersion", "fidelity", "seed", "status", "metric", "durationMs", "backend", "updatedAt")
       SELECT a.fp || '|' || $1 || '|v' || $2 || '|screen|' || s, a.fp, $1, $2::int, 'screen', s, 'done',
              least(1.0, greatest(0.0, a.q + 0.02 * (random() - 0.5))), 400 + (random() * 800)::int, 'bench', now()
       FROM (SELECT md5('bench' || i) AS fp, 0.5 + 0.45 * ((i * 7919) % 100003) / 100003.0 AS q FROM generate_series(1, $3::int) AS i
             UNION ALL SELECT $5, 0.9) AS a,
            generate_series(0, $4::int - 1) AS s`,
      [TASK, version, ACTIVATIONS, SEEDS, BASELINE_FINGERPRINT],
    );
    await timed(
      'candidates',
      `INSERT INTO "Candidate" ("id", "campaignId", "fingerprint", "order", "proposalId", "expression", "fidelity", "state", "evaluationKeys", "toldAt", "updatedAt")
       SELECT md5('candidate' || i), $1, md5('bench' || (i * 4 + 1)), i, 'p' || i, 'x + ' || (i * 4 + 1), 'screen', 'evaluated',
              ARRAY(SELECT md5('bench' || (i * 4 + 1)) || '|' || $2 || '|v' || $3::int || '|screen|' || s FROM generate_series(0, $4::int - 1) AS s), now(), now()
       FROM generate_series(0, $5::int - 1) AS i`,
      [campaign.id, TASK, version, SEEDS, CANDIDATES],
    );
    await timed(
      'campaign counters',
      `UPDATE "Campaign" SET "status" = 'running', "proposed" = $2, "evaluated" = $2, "toldCount" = $2, "startedAt" = now() - interval '1 hour' WHERE "id" = $1`,
      [campaign.id, CANDIDATES],
    );
    await timed(
      'small campaigns (done, 8 candidates each)',
      `WITH c AS (
         INSERT INTO "Campaign" ("id", "name", "spec", "spaceId", "spaceHash", "strategy", "status", "budget", "seed", "proposed", "evaluated", "createdAt", "updatedAt", "startedAt", "finishedAt")
         SELECT md5('campaign' || k), 'bench small ' || k, "spec", "spaceId", "spaceHash", "strategy", 'done', 8, k, 8, 8, now() - k * interval '1 minute', now(), now(), now()
         FROM "Campaign", generate_series(1, $2::int) AS k WHERE "id" = $1
         RETURNING "id", "seed")
       INSERT INTO "Candidate" ("id", "campaignId", "fingerprint", "order", "proposalId", "expression", "fidelity", "state", "evaluationKeys", "updatedAt")
       SELECT md5(c."id" || j), c."id", md5('bench' || (c."seed" * 997 + j * 13 + 2)), j, 'p' || j, 'x', 'screen', 'evaluated', ARRAY[]::text[], now()
       FROM c, generate_series(0, 7) AS j`,
      [campaign.id, CAMPAIGNS],
    );
    await timed('ANALYZE', 'ANALYZE');
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM "Evaluation")::int AS e, (SELECT count(*) FROM "LeaderboardEntry")::int AS l, (SELECT count(*) FROM "Candidate")::int AS c`,
      )
    ).rows[0];
    say(
      `seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s: ${counts.e.toLocaleString('en')} evaluations, ${counts.l.toLocaleString('en')} leaderboard entries, ${counts.c.toLocaleString('en')} candidates`,
    );
    await db.end();

    const ctx = createApiContext({
      store,
      engine,
      spaces,
      tasks,
      defaultTask: DEFAULT_TASK_ID,
      config: apiConfig({}),
      mode: 'bench',
    });
    const { app } = createApiApp(ctx);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const best = md5Hex(`bench${bestIndex(ACTIVATIONS)}`);
    const wanted = new Set(String(args.routes).split(','));
    // Each route once as one URL (what many viewers of one page ask) and once as 50 different URLs of
    // the same kind (what a crowd browsing different pages asks), so that answers shared between
    // identical reads in flight (read-coalescing.ts) are not mistaken for cheaper answers.
    const fifty = (f: (i: number) => string) => Array.from({ length: 50 }, (_, i) => f(i));
    const smallIds = Array.from({ length: Math.min(CAMPAIGNS, 50) }, (_, k) => md5Hex(`campaign${k + 1}`));
    const routes = (
      [
        [
          'leaderboard',
          'leaderboard',
          `/api/leaderboard?task=${TASK}&fidelity=screen&limit=50`,
          fifty((i) => `/api/leaderboard?task=${TASK}&fidelity=screen&limit=${26 + i}`),
          'limit 26…75',
        ],
        [
          'detail',
          `campaign detail (${CANDIDATES.toLocaleString('en')} candidates)`,
          `/api/campaigns/${campaign.id}`,
          smallIds.map((id) => `/api/campaigns/${id}`),
          `the ${smallIds.length} small campaigns`,
        ],
        [
          'activation',
          'activation',
          `/api/activations/${best}`,
          fifty((i) => `/api/activations/${md5Hex(`bench${i * 997 + 1}`)}`),
          '50 activations',
        ],
        ['list', 'campaign list', '/api/campaigns?limit=50', fifty((i) => `/api/campaigns?limit=${26 + i}`), 'limit 26…75'],
      ] as const
    ).filter(([id]) => wanted.has(id));
    say('');
    say(
      `${SECONDS} s per row after 1 s of warm-up; client: keep-alive HTTP in a separate process; server: this process (one Node.js event loop), Prisma pool of 20.`,
    );
    say(
      "server CPU ms/request: this process's CPU time per answered request (Express, Prisma, JSON; PostgreSQL's own time not included) — what bounds requests/s on one event loop whatever the load.",
    );
    say('');
    say('| route | URLs | clients | requests/s | p50 ms | p99 ms | non-200 | server CPU ms/request | load avg (1, 5, 15 min) |');
    say('|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const [, name, path, many, manyNote] of routes) {
      for (const p of [path, ...many]) {
        const check = await fetch(`http://127.0.0.1:${port}${p}`);
        if (check.status !== 200) throw new Error(`${p} answers ${check.status}: ${await check.text()}`);
      }
      const rows: [string, readonly string[], number][] = [
        ['one URL', [path], 1],
        ['one URL', [path], 50],
        [`${many.length} URLs (${manyNote})`, many, 50],
      ];
      for (const [urls, paths, connections] of rows) {
        const m = await measure(port, paths, connections);
        const sorted = [...m.latencies].sort((a, b) => a - b);
        say(
          `| ${name} | ${urls} | ${connections} | ${(m.latencies.length / m.seconds).toFixed(0)} | ${quantile(sorted, 0.5).toFixed(1)} | ${quantile(sorted, 0.99).toFixed(1)} | ${m.errors} | ${m.cpuMsPerRequest.toFixed(2)} | ${load()} |`,
        );
      }
    }
    ctx.events.close();
    await new Promise((resolve) => server.close(resolve));
    say('');
    say(`load average at the end: ${load()}`);
  } finally {
    await store.close();
    if (args.keep) say(`schema kept: ${schema}`);
    else await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

function md5Hex(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The activation with the highest quality in the seeding formula (i · 7919 mod 100003 largest). */
function bestIndex(n: number): number {
  let best = 1;
  let top = -1;
  for (let i = 1; i <= n; i++) {
    const q = (i * 7919) % 100003;
    if (q > top) {
      top = q;
      best = i;
    }
  }
  return best;
}

await main();
