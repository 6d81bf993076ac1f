/**
 * The distributed mode through `serve` (what `actsearch start` runs when REDIS_URL and DATABASE_URL
 * are set): the API role only submits and steers, a separate worker drives and evaluates, and a
 * campaign submitted over HTTP completes. Fresh PostgreSQL schema and Redis prefix.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { serve, type RunningDaemon } from '@actsearch/http';
import { parseWorkerConfig, startWorker, type RunningWorker } from '@actsearch/runtime';
import { deleteRedisPrefix, dropSchemas } from '../../fixtures/test-resources.ts';
import { DATABASE_URL, FAST_EVALUATOR, REDIS_URL } from './harness.ts';

const schema = `role_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const prefix = `actsearch-role-test-${randomUUID().slice(0, 8)}`;
const dataDir = mkdtempSync(join(tmpdir(), 'actsearch-role-'));
let daemon: RunningDaemon | undefined;
let worker: RunningWorker | undefined;

afterAll(async () => {
  await daemon?.close(2_000);
  await worker?.close();
  await dropSchemas([schema]);
  await deleteRedisPrefix(prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

it('actsearch start with REDIS_URL and DATABASE_URL is the api role: a worker elsewhere runs what it submits', async () => {
  const env = { REDIS_URL, DATABASE_URL, DATABASE_SCHEMA: schema, ACTSEARCH_QUEUE_PREFIX: prefix, ACTSEARCH_TOKENS: 'role-token' };
  const log = pino({ level: 'silent' });
  daemon = await serve({ port: 0, host: '127.0.0.1', dataDir, env, log });
  expect(daemon.mode).toBe('api');
  expect(daemon.token).toEqual({ source: 'env' });
  const ready = await fetch(`${daemon.url}/readyz`);
  expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });

  const submitted = await fetch(`${daemon.url}/api/campaigns`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer role-token' },
    body: JSON.stringify({
      name: 'api role',
      space: 'tiny',
      strategy: 'random',
      tasks: ['spirals-mlp'],
      budget: { candidates: 4 },
      parallelism: 2,
      finale: { enabled: false },
    }),
  });
  expect(submitted.status).toBe(201);
  const { id } = (await submitted.json()) as { id: string };
  // Nobody consumes yet: the API role never drives.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(((await (await fetch(`${daemon.url}/api/campaigns/${id}`)).json()) as { status: string }).status).toBe('queued');

  worker = await startWorker(
    parseWorkerConfig({
      ...env,
      ACTSEARCH_EVALUATOR_MODULE: FAST_EVALUATOR,
      ACTSEARCH_WORKERS: '1',
      METRICS_PORT: 'off',
      LOG_LEVEL: 'silent',
      ACTSEARCH_HEARTBEAT_INTERVAL_MS: '500',
    }),
    log,
  );
  const deadline = Date.now() + 60_000;
  let campaign: { status: string; progress: { completed: number } } = { status: 'queued', progress: { completed: 0 } };
  while (campaign.status !== 'done' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    campaign = (await (await fetch(`${daemon.url}/api/campaigns/${id}`)).json()) as typeof campaign;
  }
  expect(campaign).toMatchObject({ status: 'done', progress: { completed: 4 } });
  const workers = (await (await fetch(`${daemon.url}/api/workers`)).json()) as { role: string; alive: boolean }[];
  expect(workers).toContainEqual(expect.objectContaining({ role: 'worker', alive: true }));
});
