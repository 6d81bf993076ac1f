import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inFlightOf, spentOf } from '@actsearch/engine';
import { type Runtime } from '@actsearch/runtime';
import type { Store } from '@actsearch/store';
import { fakeHash } from './fixtures/fake-score.ts';
import {
  evaluationsOfTask,
  fakeTask,
  Resources,
  spec,
  startedJobs,
  startedOfTask,
  startHarness,
  waitFor,
  waitForCampaign,
  waitForStatus,
} from './helpers.ts';
import { freePort } from '../../fixtures/free-port.ts';
import { EphemeralRedis, exitOf, spawnWorker } from './processes.ts';

/** Everything a finished campaign must satisfy: exactly its budget, nothing in flight, all told. */
async function expectExactlyDone(store: Store, id: string, budget: number): Promise<void> {
  const campaign = await store.campaigns.require(id);
  expect(campaign.status).toBe('done');
  expect(spentOf(campaign)).toBe(budget);
  expect(inFlightOf(campaign)).toBe(0);
  expect(campaign.toldCount).toBe(campaign.proposed);
  const states = await store.candidates.countByState(id);
  expect(states.evaluated + states.reused + states.rejected + states.failed).toBe(budget);
  expect(states.queued + states.proposed).toBe(0);
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Real Redis and PostgreSQL, a fresh schema and queue prefix per suite (docs/architecture.md, "Conventions").
describe('engine under failure (distributed: PostgreSQL + BullMQ)', () => {
  const resources = new Resources();
  let runtime: Runtime;
  let log: string;

  beforeAll(async () => {
    log = join(resources.dir(), 'started.log');
    runtime = await startHarness('distributed', resources, { env: { FAKE_EVAL_LOG: log }, attempts: 3 });
  });

  afterAll(async () => {
    await runtime?.close({ timeoutMs: 5_000 });
    await resources.cleanup();
  });

  it('retries the job of an evaluator process SIGKILLed mid-training, completes, and keeps exactly one Evaluation per key', async () => {
    const { engine, store } = runtime;
    const task = fakeTask('sleep400');
    const campaign = await engine.submitCampaign(spec({ tasks: [task], budget: { candidates: 10 }, parallelism: 2 }));
    await waitFor(() => startedOfTask(log, task).length > 0, 'the first training to start');
    const victim = startedOfTask(log, task)[0] as { pid: number; key: string };
    process.kill(victim.pid, 'SIGKILL');
    await waitForStatus(store, campaign.id, 'done');
    await expectExactlyDone(store, campaign.id, 10);
    const done = await store.campaigns.require(campaign.id);
    expect(done.evaluated).toBe(10);

    const evaluations = await evaluationsOfTask(store, task);
    expect(evaluations.size).toBe(10);
    expect([...evaluations.values()].every((row) => row.status === 'done')).toBe(true);
    expect(evaluations.get(victim.key)?.attempts).toBe(2);
    const starts = startedOfTask(log, task);
    expect(starts.filter((job) => job.key === victim.key)).toHaveLength(2);
    // Every other key trained once.
    expect(starts).toHaveLength(11);
  }, 180_000);

  it('records a candidate that crashes the trainer at every attempt as failed, with the error, once, after its attempts', async () => {
    const { engine, store } = runtime;
    const task = fakeTask('crash4');
    const campaign = await engine.submitCampaign(
      spec({ tasks: [task], budget: { candidates: 12 }, parallelism: 3, failurePolicy: { maxConsecutive: 12, maxFraction: 1 } }),
    );
    await waitForStatus(store, campaign.id, 'done');
    await expectExactlyDone(store, campaign.id, 12);

    const failed = (await store.candidates.listByCampaign(campaign.id, { state: 'failed' })).items;
    const evaluated = (await store.candidates.listByCampaign(campaign.id, { state: 'evaluated' })).items;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => fakeHash(c.fingerprint) % 4 === 0)).toBe(true);
    expect(evaluated.every((c) => fakeHash(c.fingerprint) % 4 !== 0)).toBe(true);
    const evaluations = await evaluationsOfTask(store, task);
    const starts = startedOfTask(log, task);
    for (const candidate of failed) {
      expect(candidate.reason).toMatch(/SIGKILL/);
      const key = candidate.evaluationKeys[0] as string;
      expect(evaluations.get(key)).toMatchObject({ status: 'failed', attempts: 3 });
      expect(evaluations.get(key)?.error).toMatch(/evaluator process died during evaluation \(signal SIGKILL\)/);
      // Three attempts, then never again.
      expect(starts.filter((job) => job.key === key)).toHaveLength(3);
    }
  }, 180_000);

  it('fails a permanently failing candidate at once, and a campaign whose evaluations all fail with a reason', async () => {
    const { engine, store } = runtime;
    const once = fakeTask('throw3');
    const mixed = await engine.submitCampaign(
      spec({ tasks: [once], budget: { candidates: 9 }, parallelism: 3, failurePolicy: { maxConsecutive: 9, maxFraction: 1 } }),
    );
    await waitForStatus(store, mixed.id, 'done');
    await expectExactlyDone(store, mixed.id, 9);
    const failed = (await store.candidates.listByCampaign(mixed.id, { state: 'failed' })).items;
    expect(failed.length).toBeGreaterThan(0);
    for (const candidate of failed) {
      expect(candidate.reason).toMatch(/trainer cannot handle/);
      const key = candidate.evaluationKeys[0] as string;
      expect((await evaluationsOfTask(store, once)).get(key)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(startedOfTask(log, once).filter((job) => job.key === key)).toHaveLength(1);
    }

    const broken = await engine.submitCampaign(spec({ tasks: [fakeTask('throw1')], budget: { candidates: 30 }, parallelism: 2 }));
    const gaveUp = await waitForStatus(store, broken.id, 'failed');
    expect(gaveUp.statusReason).toMatch(/^5 candidates in a row failed; the last: .*trainer cannot handle/);
    expect(gaveUp.failed).toBeGreaterThanOrEqual(5);
    expect(spentOf(gaveUp)).toBeLessThan(30);
  }, 180_000);
});

describe('engine across process and Redis restarts (distributed)', () => {
  const resources = new Resources();
  const workers: ChildProcess[] = [];
  let redis: EphemeralRedis | undefined;

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map((worker) => exitOf(worker)));
    await redis?.kill();
    await resources.cleanup();
  });

  it('resumes and completes with exactly its budget after the whole worker process is SIGKILLed and a new one starts', async () => {
    const schema = resources.schema();
    const prefix = resources.prefix();
    const log = join(resources.dir(), 'started.log');
    const producer = await startHarness('distributed', resources, { schema, prefix, consume: false });
    try {
      const { engine, store } = producer;
      const task = fakeTask('sleep150');
      const first = await spawnWorker({ schema, prefix, env: { FAKE_EVAL_LOG: log } });
      workers.push(first);
      const campaign = await engine.submitCampaign(spec({ tasks: [task], budget: { candidates: 20 }, parallelism: 4 }));
      await waitForCampaign(store, campaign.id, (c) => c.evaluated >= 5, '5 evaluated', 180_000);
      first.kill('SIGKILL');
      await exitOf(first);
      const killedAt = await store.campaigns.require(campaign.id);
      expect(killedAt.status).toBe('running');
      expect(spentOf(killedAt)).toBeLessThan(20);

      workers.push(await spawnWorker({ schema, prefix, env: { FAKE_EVAL_LOG: log } }));
      await waitForStatus(store, campaign.id, 'done', 180_000);
      await expectExactlyDone(store, campaign.id, 20);
      expect((await store.campaigns.require(campaign.id)).evaluated).toBe(20);
      const evaluations = await evaluationsOfTask(store, task);
      expect(evaluations.size).toBe(20);
      expect([...evaluations.values()].every((row) => row.status === 'done')).toBe(true);
    } finally {
      // The killed worker's evaluator processes exit when their parent's channel closes; make sure.
      for (const { pid } of startedJobs(log)) killIfAlive(pid);
      await producer.close({ timeoutMs: 2_000 });
    }
  }, 300_000);

  it('rebuilds the queue from the store after Redis restarts empty, and completes', async () => {
    redis = new EphemeralRedis(await freePort());
    await redis.start();
    const log = join(resources.dir(), 'started.log');
    const runtime = await startHarness('distributed', resources, {
      redisUrl: redis.url,
      env: { FAKE_EVAL_LOG: log },
      sweepIntervalMs: 1_000,
    });
    try {
      const { engine, store } = runtime;
      const task = fakeTask('sleep150');
      const campaign = await engine.submitCampaign(spec({ tasks: [task], budget: { candidates: 30 }, parallelism: 4 }));
      await waitForCampaign(store, campaign.id, (c) => c.evaluated >= 6, '6 evaluated', 120_000);
      await redis.kill();
      const before = await store.campaigns.require(campaign.id);
      await redis.start();
      await waitForStatus(store, campaign.id, 'done', 180_000);
      await expectExactlyDone(store, campaign.id, 30);
      expect(spentOf(before)).toBeLessThan(30);
      const evaluations = await evaluationsOfTask(store, task);
      expect(evaluations.size).toBe(30);
      expect((await store.campaigns.require(campaign.id)).evaluated).toBe(30);
    } finally {
      await runtime.close({ timeoutMs: 2_000 });
    }
  }, 240_000);
});
