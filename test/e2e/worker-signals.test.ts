/**
 * `npm run worker` (a worker of the distributed mode, real Redis and PostgreSQL) stopped with two
 * Ctrl+C while it evaluates: the first asks for a graceful stop, the second hands the running
 * evaluations back to the queue at once — not as failed attempts — and every process of the group
 * ends. Another worker then finishes the campaign with exactly its budget, one Evaluation per key.
 * A worker killed with -9 cannot say goodbye: `/api/workers` shows it not alive once its heartbeat is overdue.
 */
import { spawn } from 'node:child_process';
import request from 'supertest';
import { apiConfig, createApiApp, createApiContext } from '@actsearch/http';
import { DEFAULT_TASK_ID, listTasks } from '@actsearch/tasks';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spentOf } from '@actsearch/engine';
import {
  evaluationsOfTask,
  FAKE_EVALUATOR,
  fakeTask,
  postgresUrl,
  REDIS_URL,
  Resources,
  spec,
  startedJobs,
  startHarness,
  waitForStatus,
} from '../integration/engine/helpers.ts';
import { exitOf, spawnWorker } from '../integration/engine/processes.ts';
import { loadSpaces } from '../integration/api/harness.ts';
import { processGroup, REPO, until } from './user-process.ts';

const resources = new Resources();
const cleanups: (() => void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await resources.cleanup();
});

describe('stopping actsearch worker', () => {
  it('two Ctrl+C on `npm run worker` hand its running evaluations back at once; the next worker finishes exactly the budget', async () => {
    const schema = resources.schema();
    const prefix = resources.prefix();
    const log = join(resources.dir(), 'started.log');
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
    const workerEnv = {
      ...env,
      REDIS_URL,
      DATABASE_URL: postgresUrl(schema),
      ACTSEARCH_QUEUE_PREFIX: prefix,
      ACTSEARCH_EVALUATOR_MODULE: FAKE_EVALUATOR,
      ACTSEARCH_WORKERS: '2',
      ACTSEARCH_SHUTDOWN_TIMEOUT_MS: '120000',
      FAKE_EVAL_LOG: log,
      METRICS_PORT: 'off',
      LOG_LEVEL: 'info',
    };
    const producer = await startHarness('distributed', resources, { schema, prefix, consume: false });
    try {
      const { engine, store } = producer;
      const task = fakeTask('sleep5000');
      const campaign = await engine.submitCampaign(spec({ tasks: [task], budget: { candidates: 6 }, parallelism: 2 }));

      const npm = spawn('npm', ['run', 'worker'], { cwd: REPO, env: workerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const pgid = npm.pid as number;
      cleanups.push(() => {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      });
      let out = '';
      npm.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      npm.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await until(
        'two evaluations to run',
        () => startedJobs(log).length >= 2,
        180_000,
        () => out,
      );
      const interrupted = startedJobs(log).map((job) => job.key);

      process.kill(-pgid, 'SIGINT');
      await until(
        'the graceful stop to begin',
        () => out.includes('stopping: no new work'),
        10_000,
        () => out,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      process.kill(-pgid, 'SIGINT');
      expect(await exitOf(npm)).toBe(0);
      await until(
        'every process of the group to end',
        () => processGroup(pgid).length === 0,
        30_000,
        () => JSON.stringify(processGroup(pgid)),
      );
      expect(out.split('stopping: no new work').length - 1).toBe(1);
      expect(out.split('stopping now: running evaluations go back').length - 1).toBe(1);
      // Handed back before they could finish: nothing stored for them yet, and nothing failed.
      const stopped = await store.campaigns.require(campaign.id);
      expect(stopped.failed).toBe(0);
      expect(spentOf(stopped)).toBeLessThan(6);

      const next = await spawnWorker({ schema, prefix, env: { FAKE_EVAL_LOG: log } });
      cleanups.push(() => next.kill('SIGKILL'));
      await waitForStatus(store, campaign.id, 'done', 180_000);
      const done = await store.campaigns.require(campaign.id);
      expect(spentOf(done)).toBe(6);
      expect(done.failed).toBe(0);
      const evaluations = await evaluationsOfTask(store, task);
      expect(evaluations.size).toBe(done.evaluated);
      // The interrupted ones ran again, as their first attempt: a hand-back is not a failure.
      for (const key of interrupted) expect(evaluations.get(key)).toMatchObject({ status: 'done', attempts: 1 });
      next.kill('SIGTERM');
      await exitOf(next);
    } finally {
      await producer.close({ timeoutMs: 2_000 });
    }
  }, 400_000);

  it('a worker killed with -9 shows alive: false in /api/workers once its heartbeat is overdue', async () => {
    const schema = resources.schema();
    const prefix = resources.prefix();
    const producer = await startHarness('distributed', resources, { schema, prefix, consume: false });
    const aliveMs = 3_000;
    const ctx = createApiContext({
      store: producer.store,
      engine: producer.engine,
      spaces: loadSpaces(),
      tasks: listTasks(),
      defaultTask: DEFAULT_TASK_ID,
      config: apiConfig({ workerAliveMs: aliveMs }),
      readiness: { queue: async () => undefined },
      mode: 'distributed',
    });
    try {
      const { app } = createApiApp(ctx);
      const listed = async () => (await request(app).get('/api/workers')).body as { id: string; alive: boolean; lastSeenAt: string }[];
      const worker = await spawnWorker({ schema, prefix, env: { ACTSEARCH_HEARTBEAT_INTERVAL_MS: '250' } });
      cleanups.push(() => worker.kill('SIGKILL'));
      const id = (row: { id: string }) => row.id.endsWith(`:${worker.pid}`);
      await until('the worker to beat', async () => (await listed()).some((w) => id(w) && w.alive), 120_000);
      worker.kill('SIGKILL');
      await exitOf(worker);
      await until(
        'its heartbeat to be overdue',
        async () => (await listed()).some((w) => id(w) && !w.alive),
        30_000,
        () => '',
      );
      const row = (await listed()).find(id);
      // Not alive only after the window has passed since its last beat, and the row stays for the operator to see.
      expect(row).toMatchObject({ alive: false });
      expect(Date.now() - Date.parse(row?.lastSeenAt ?? '')).toBeGreaterThan(aliveMs);
    } finally {
      ctx.events.close();
      await producer.close();
    }
  }, 240_000);
});
