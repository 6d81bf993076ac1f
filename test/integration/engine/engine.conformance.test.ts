import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '@actsearch/core';
import { inFlightOf, spentOf } from '@actsearch/engine';
import { type Runtime } from '@actsearch/runtime';
import { parseEvaluationKey } from '@actsearch/core';
import { fakeScore } from './fixtures/fake-score.ts';
import {
  evaluationsOfTask,
  fakeTask,
  MODES,
  Resources,
  sleep,
  spec,
  startedOfTask,
  startHarness,
  waitForCampaign,
  waitForStatus,
} from './helpers.ts';

// One suite over both modes of docs/architecture.md: embedded (PGlite + in-process queue) and distributed
// (PostgreSQL + BullMQ on Redis). The evaluator is a fixture that scores without training; each test
// uses its own task id, so tests sharing the mode's store never share an evaluation.
describe.each(MODES)('engine (%s)', (mode) => {
  const resources = new Resources();
  let runtime: Runtime;
  let log: string;

  beforeAll(async () => {
    log = join(resources.dir(), 'started.log');
    runtime = await startHarness(mode, resources, { env: { FAKE_EVAL_LOG: log } });
  });

  afterAll(async () => {
    await runtime?.close({ timeoutMs: 5_000 });
    await resources.cleanup();
  });

  it('finishes a 200-candidate campaign with exactly 200 evaluated, and a second one over the same space reuses them without training', async () => {
    const { engine, store } = runtime;
    const task = fakeTask();
    const first = await engine.submitCampaign(spec({ name: 'first', tasks: [task], budget: { candidates: 200 }, parallelism: 8 }));
    const done = await waitForStatus(store, first.id, 'done', 240_000);
    expect(done.evaluated).toBe(200);
    expect(spentOf(done)).toBe(200);
    expect(inFlightOf(done)).toBe(0);
    expect(done.reused + done.rejected + done.failed).toBe(0);
    // Pre-screen rejections are counted apart and never trained.
    expect(done.prescreenRejected).toBeGreaterThan(0);
    expect(done.proposed).toBe(200 + done.prescreenRejected);
    expect(done.toldCount).toBe(done.proposed);
    const states = await store.candidates.countByState(first.id);
    expect(states.evaluated).toBe(200);
    expect(states.prescreen_rejected).toBe(done.prescreenRejected);
    expect(states.queued + states.proposed).toBe(0);

    const evaluations = await evaluationsOfTask(store, task);
    expect(evaluations.size).toBe(200);
    for (const [key, row] of evaluations) {
      const identity = parseEvaluationKey(key);
      expect(identity).toMatchObject({ task, taskVersion: 0, fidelity: 'screen' });
      expect(row.metric).toBe(fakeScore(identity?.fingerprint ?? '', task, identity?.seed ?? NaN));
    }
    const trained = startedOfTask(log, task);
    expect(trained).toHaveLength(200);
    expect(new Set(trained.map((job) => job.key))).toEqual(new Set(evaluations.keys()));

    // Same space, strategy, seed and task: the same proposals, every one already evaluated.
    const second = await engine.submitCampaign(spec({ name: 'second', tasks: [task], budget: { candidates: 200 }, parallelism: 8 }));
    const secondDone = await waitForStatus(store, second.id, 'done', 240_000);
    expect(secondDone.reused).toBe(200);
    expect(secondDone.evaluated).toBe(0);
    expect(secondDone.prescreenRejected).toBe(done.prescreenRejected);
    expect(startedOfTask(log, task)).toHaveLength(200);
    expect((await evaluationsOfTask(store, task)).size).toBe(200);
  }, 600_000);

  it('pins the task versions the engine knows at submission, and stores every evaluation under them', async () => {
    const task = fakeTask();
    const pinned = await startHarness(mode, resources, { env: { FAKE_EVAL_LOG: log }, tasks: [{ id: task, version: 7 }], poolSize: 1 });
    try {
      const campaign = await pinned.engine.submitCampaign(spec({ tasks: [task], budget: { candidates: 6 }, parallelism: 2 }));
      expect(campaign.spec).toMatchObject({ tasks: [task], taskVersions: { [task]: 7 } });
      await waitForStatus(pinned.store, campaign.id, 'done', 120_000);
      const evaluations = await pinned.store.prisma.evaluation.findMany({ where: { task } });
      expect(evaluations).toHaveLength(6);
      expect(evaluations.every((row) => row.taskVersion === 7 && parseEvaluationKey(row.key)?.taskVersion === 7)).toBe(true);
      await expect(pinned.engine.submitCampaign(spec({ tasks: [fakeTask()] }))).rejects.toThrow(/unknown task/);
    } finally {
      await pinned.close({ timeoutMs: 5_000 });
    }
  }, 180_000);

  it('pauses without dispatching more, lets running evaluations finish, and resumes to exactly its budget', async () => {
    const { engine, store } = runtime;
    const campaign = await engine.submitCampaign(spec({ tasks: [fakeTask('sleep150')], budget: { candidates: 16 }, parallelism: 4 }));
    await waitForCampaign(store, campaign.id, (c) => c.evaluated >= 2, '2 evaluated');
    await engine.pause(campaign.id);
    // A drive that read "running" just before may still finish its round; after that, nothing new.
    const quiet = await waitForCampaign(store, campaign.id, (c) => inFlightOf(c) === 0, 'running evaluations to finish');
    await sleep(600);
    const paused = await store.campaigns.require(campaign.id);
    expect(paused.status).toBe('paused');
    expect(paused.proposed).toBe(quiet.proposed);
    expect(spentOf(paused)).toBeLessThan(16);
    await engine.resume(campaign.id);
    await expect(engine.resume(campaign.id)).rejects.toBeInstanceOf(ConflictError);
    const done = await waitForStatus(store, campaign.id, 'done');
    expect(done.evaluated).toBe(16);
    await expect(engine.pause(campaign.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(engine.cancel(campaign.id)).rejects.toBeInstanceOf(ConflictError);
  }, 180_000);

  it('cancels: removes its queued evaluations, trains nothing new and stays cancelled', async () => {
    const { engine, store, dispatcher } = runtime;
    const task = fakeTask('sleep3000');
    const campaign = await engine.submitCampaign(spec({ tasks: [task], budget: { candidates: 20 }, parallelism: 6 }));
    const full = await waitForCampaign(store, campaign.id, (c) => inFlightOf(c) === 6, '6 evaluations in flight');
    await engine.cancel(campaign.id, 'enough');
    const queued = await store.candidates.listByCampaign(campaign.id, { state: 'queued' });
    const stillQueued = await Promise.all(queued.items.map((c) => dispatcher.isQueued(c.evaluationKeys[0] as string)));
    // Only those already running (two evaluator processes) are left to finish.
    expect(stillQueued.filter(Boolean).length).toBeLessThanOrEqual(2);
    // Each job sleeps 3 s: by now the running ones have finished, and had the other four in flight not
    // been removed, the two processes would have started them. (Counting starts at the moment of the
    // cancel instead races a child that took its job but has not logged it yet.)
    await sleep(4_500);
    const after = await store.campaigns.require(campaign.id);
    expect(after.status).toBe('cancelled');
    expect(after.statusReason).toBe('enough');
    expect(after.proposed).toBe(full.proposed);
    expect(startedOfTask(log, task).length).toBeLessThanOrEqual(2);
    await expect(engine.resume(campaign.id)).rejects.toBeInstanceOf(ConflictError);
  }, 180_000);

  it('rejects an invalid spec with the path of every bad field, an unknown space and a bad strategy config', async () => {
    const { engine } = runtime;
    const error = await engine.submitCampaign(spec({ budget: { candidates: 0 }, tasks: [], parallelism: 'many' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.path).sort()).toEqual(['budget.candidates', 'parallelism', 'tasks']);
    // One validation (validateCampaignSpec) for every caller: an unknown space is a field error, as the API shows it.
    const unknownSpace = await engine.submitCampaign(spec({ space: 'nope' })).catch((e: unknown) => e);
    expect(unknownSpace).toBeInstanceOf(ValidationError);
    expect((unknownSpace as ValidationError).message).toMatch(/unknown space 'nope'/);
    expect((unknownSpace as ValidationError).fields.map((f) => f.path)).toEqual(['space']);
    // A layer space's campaigns compare layers (docs/layers.md): ReLU as the reference is a field error.
    const layerSpace = await engine.submitCampaign(spec({ space: 'evonorm' })).catch((e: unknown) => e);
    expect(layerSpace).toBeInstanceOf(ValidationError);
    expect((layerSpace as ValidationError).message).toMatch(/'relu' is an activation, but 'evonorm' is a layer space/);
    expect((layerSpace as ValidationError).fields.map((f) => f.path)).toEqual(['reference.activations[0]']);
    const badConfig = await engine
      .submitCampaign(spec({ strategy: { name: 'evolution', config: { populationSize: -1 } } }))
      .catch((e: unknown) => e);
    expect(badConfig).toBeInstanceOf(ValidationError);
    expect((badConfig as ValidationError).fields[0]?.path).toMatch(/^strategy\.config\.populationSize/);
  });
});
