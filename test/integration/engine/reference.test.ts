/**
 * Every search trains its reference (ReLU by default) at its own tasks, fidelity and seeds, apart from
 * the budget, so "vs ReLU" exists even for a campaign that never reaches a finale.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { campaignOutlook, referenceTargets, spentOf, storedSpecOf } from '@actsearch/engine';
import { type Runtime } from '@actsearch/runtime';
import { canonicalize, fingerprint, parse } from '@actsearch/expr';
import { evaluationKey } from '@actsearch/core';
import { fakeTask, Resources, spec, startedJobs, startHarness, waitForStatus, withDefaultReference } from './helpers.ts';

const resources = new Resources();
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.close({ timeoutMs: 2_000 });
});
afterAll(() => resources.cleanup());

const fp = (text: string): string => fingerprint(canonicalize(parse(text)));

describe('the reference in every search', () => {
  it('a campaign without a finale trains ReLU on its task and seeds, spends no budget on it, and compares its best with it', async () => {
    const log = join(resources.dir(), 'started.log');
    const runtime = await startHarness('embedded', resources, { env: { FAKE_EVAL_LOG: log } });
    runtimes.push(runtime);
    const task = fakeTask();
    const campaign = await runtime.engine.submitCampaign(
      withDefaultReference(spec({ tasks: [task], seeds: [3, 5], budget: { candidates: 4 } })),
    );
    const done = await waitForStatus(runtime.store, campaign.id, 'done');
    expect(spentOf(done)).toBe(4);
    expect(done.proposed - done.prescreenRejected).toBe(4);
    const relu = [3, 5].map((seed) => evaluationKey({ fingerprint: fp('relu(x)'), task, taskVersion: 0, fidelity: 'screen', seed }));
    expect(referenceTargets(storedSpecOf(done.spec)).map((t) => t.key)).toEqual(relu);
    const rows = await runtime.store.evaluations.getMany(relu);
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    // Trained once each, first thing.
    const started = startedJobs(log).map((j) => j.key);
    expect(started.filter((key) => relu.includes(key))).toHaveLength(2);
    expect(relu).toContain(started[0]);
    // No candidate stands for it: the strategy never heard of it.
    const candidates = (await runtime.store.candidates.listByCampaign(campaign.id, { limit: 100 })).items;
    expect(candidates.filter((c) => c.evaluationKeys.some((key) => relu.includes(key)))).toEqual([]);
    const outlook = await campaignOutlook(runtime.store, done);
    expect(outlook.reference).toMatchObject({ search: true, total: 2, stored: 2, activations: [{ text: 'relu', expression: 'relu(x)' }] });
    expect(outlook.finale).toBeNull();
    const best = outlook.searchBest;
    expect(best?.vsReference?.n).toBe(2);
    const mine = await runtime.store.evaluations.getMany(
      [3, 5].map((seed) => evaluationKey({ fingerprint: best?.fingerprint ?? '', task, taskVersion: 0, fidelity: 'screen', seed })),
    );
    const delta = (mine.reduce((s, r) => s + (r.metric ?? 0), 0) - rows.reduce((s, r) => s + (r.metric ?? 0), 0)) / 2;
    expect(best?.vsReference?.meanDiff).toBeCloseTo(delta, 12);
    expect(outlook.answer).toMatchObject({ fingerprint: best?.fingerprint, basis: 'search', heldUp: false, provisional: false });
    expect(outlook.answer?.reason).toMatch(
      /^this campaign ran no finale: .* \(Δ ReLU [+−]0\.\d{4} over 2 paired seeds\); it was not re-tested/,
    );
  }, 120_000);

  it("trains the class's simplest known text, whichever text named it, and records the text it trained", async () => {
    const runtime = await startHarness('embedded', resources);
    runtimes.push(runtime);
    const task = fakeTask();
    const elu = fp('elu(x)');
    expect(fp('min(expm1(x), relu(x))')).toBe(elu);
    // Another campaign saw ELU as a min first; this one names it as a where. Neither text is trained.
    await runtime.store.activations.upsert({ fingerprint: elu, canonical: 'min(expm1(x), relu(x))' });
    await runtime.store.activations.upsert({ fingerprint: elu, canonical: 'elu(x)' });
    const campaign = await runtime.engine.submitCampaign(
      spec({ tasks: [task], seeds: [0], budget: { candidates: 2 }, reference: ['where(x, x, expm1(x))'] }),
    );
    await waitForStatus(runtime.store, campaign.id, 'done');
    const [row] = await runtime.store.evaluations.getMany([
      evaluationKey({ fingerprint: elu, task, taskVersion: 0, fidelity: 'screen', seed: 0 }),
    ]);
    expect(row?.status).toBe('done');
    expect(row?.expression).toBe('elu(x)');
    expect((await runtime.store.activations.get(elu))?.canonical).toBe('elu(x)');
  }, 120_000);

  it('trains the listed references, compares with the first, and trains none when switched off', async () => {
    const runtime = await startHarness('embedded', resources);
    runtimes.push(runtime);
    const listed = await runtime.engine.submitCampaign(
      spec({ tasks: [fakeTask()], budget: { candidates: 3 }, reference: ['gelu', 'relu'] }),
    );
    const offTask = fakeTask();
    const off = await runtime.engine.submitCampaign(
      spec({ tasks: [offTask], budget: { candidates: 3 }, reference: { activations: ['relu'], search: false } }),
    );
    const [a, b] = await Promise.all([waitForStatus(runtime.store, listed.id, 'done'), waitForStatus(runtime.store, off.id, 'done')]);
    const listedOutlook = await campaignOutlook(runtime.store, a);
    expect(listedOutlook.reference).toMatchObject({ total: 2, stored: 2 });
    expect(listedOutlook.answer?.reference).toEqual({ fingerprint: fp('gelu(x)'), expression: 'gelu(x)' });
    expect(listedOutlook.answer?.reason).toMatch(/\(Δ GELU [+−]0\.\d{4} over 1 paired seed\)/);
    const offOutlook = await campaignOutlook(runtime.store, b);
    expect(offOutlook.reference).toMatchObject({ search: false, total: 0, stored: 0 });
    expect((await runtime.store.evaluations.listForActivation(fp('relu(x)'))).filter((r) => r.task === offTask)).toEqual([]);
  }, 120_000);

  it('refuses a reference that is not a function, or the same function twice', async () => {
    const runtime = await startHarness('embedded', resources);
    runtimes.push(runtime);
    await expect(runtime.engine.submitCampaign(spec({ reference: ['relu(x'] }))).rejects.toThrow(
      /^invalid campaign: reference\.activations\[0\] /,
    );
    await expect(runtime.engine.submitCampaign(spec({ reference: ['relu', 'max(x, 0)'] }))).rejects.toThrow(/different functions/);
  }, 60_000);
});
