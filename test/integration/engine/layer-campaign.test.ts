/**
 * A campaign over the evonorm layer space (docs/layers.md) runs to done through the engine in both
 * modes of docs/architecture.md, training for real (the proxy's evaluator, not the fake one):
 * embedded (PGlite + the in-process pool) and distributed (PostgreSQL + BullMQ, an API that only
 * submits and a worker process that drives and trains). Candidates are identified by their layer
 * fingerprint, the layer check turns some down for free, BatchNorm + ReLU is the reference, and the
 * finale re-trains the finalists on a transfer task and names its answer relative to bn_relu. The
 * tasks are the two cheapest proxy networks (checkerboard-mlp, spirals-mlp: under a second per
 * screen-fidelity layer training), so both campaigns take about a minute.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildCampaignReport, storedSpecOf, type CampaignReport } from '@actsearch/engine';
import { layerFingerprint, parse, parseLayer, resolveLayer } from '@actsearch/expr';
import { EVALUATOR_MODULE, type Runtime } from '@actsearch/runtime';
import type { Store } from '@actsearch/store';
import { defaultCatalog } from '@actsearch/tasks';
import { SMALL_LAYER_CAMPAIGN } from '../../fixtures/small-layer-campaign.ts';
import { Resources, startHarness, waitForStatus, type Mode } from './helpers.ts';
import { spawnWorker } from './processes.ts';

const resources = new Resources();
const runtimes: Runtime[] = [];
const workers: ChildProcess[] = [];
afterEach(async () => {
  for (const worker of workers.splice(0)) if (worker.exitCode === null) worker.kill('SIGKILL');
  for (const runtime of runtimes.splice(0)) await runtime.close({ timeoutMs: 5_000 });
});
afterAll(() => resources.cleanup());

const BN_RELU = layerFingerprint(resolveLayer('bn_relu'));

async function runtimeFor(mode: Mode): Promise<Runtime> {
  const tasks = defaultCatalog().list();
  if (mode === 'embedded') {
    const runtime = await startHarness('embedded', resources, { evaluatorModule: EVALUATOR_MODULE, poolSize: 2, tasks });
    runtimes.push(runtime);
    return runtime;
  }
  const schema = resources.schema();
  const prefix = resources.prefix();
  // The API's side: it validates and submits, and trains nothing.
  const api = await startHarness('distributed', resources, { schema, prefix, consume: false, tasks });
  runtimes.push(api);
  workers.push(await spawnWorker({ schema, prefix, env: { ACTSEARCH_EVALUATOR_MODULE: EVALUATOR_MODULE } }));
  return api;
}

async function expectLayerRows(store: Store, report: CampaignReport): Promise<void> {
  // Every candidate's stored function is keyed by its layer fingerprint (those the layer check turned
  // down use no statistic, so they read as layer-syntax text but are no layers: parse, not parseLayer).
  const candidates = await store.candidates.listByCampaign(report.campaign.id, { limit: 100 });
  const activations = await store.activations.getMany([...new Set(candidates.items.map((c) => c.fingerprint))]);
  expect(activations.length).toBeGreaterThan(0);
  for (const row of activations) expect(layerFingerprint(parse(row.canonical, { layer: true }))).toBe(row.fingerprint);
}

describe.each<Mode>(['embedded', 'distributed'])('a layer campaign (%s)', (mode) => {
  it("searches evonorm layers to done: the layer check's rejections counted apart, BN-ReLU as the reference, a finale with a transfer task and an answer relative to bn_relu", async () => {
    const { engine, store } = await runtimeFor(mode);
    const submitted = await engine.submitCampaign(SMALL_LAYER_CAMPAIGN);
    const spec = storedSpecOf(submitted.spec);
    expect(spec.kind).toBe('layer');
    expect(spec.reference.activations).toEqual(['bn_relu']);
    const done = await waitForStatus(store, submitted.id, 'done', 300_000);
    expect(done.evaluated + done.reused + done.rejected + done.failed).toBe(6);
    expect(done.failed).toBe(0);

    const report = await buildCampaignReport(store, done.id);
    // The rejection breakdown accounts for every turned-down candidate, by its reason.
    const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((s, n) => s + n, 0);
    expect(report.rejections.prescreen.no_statistic).toBeGreaterThanOrEqual(1);
    expect(sum(report.rejections.prescreen)).toBe(done.prescreenRejected);
    expect(sum(report.rejections.training)).toBe(done.rejected);
    await expectLayerRows(store, report);

    // The finale re-trained layers on the search task and the transfer task, with both seeds.
    const finale = report.finale;
    expect(finale?.reference.fingerprint).toBe(BN_RELU);
    expect(finale?.tasks.map((t) => [t.task, t.kind])).toEqual([
      ['checkerboard-mlp', 'search'],
      ['spirals-mlp', 'transfer'],
    ]);
    const transfer = finale?.tasks[1];
    const bnRow = transfer?.rows.find((r) => r.fingerprint === BN_RELU);
    expect(bnRow?.seeds.map((s) => s.status)).toEqual(['done', 'done']);
    expect(transfer?.rows.filter((r) => r.finalist).length).toBeGreaterThan(0);
    const trained = await store.evaluations.listForActivation(BN_RELU);
    expect(trained.filter((r) => r.task === 'spirals-mlp' && r.status === 'done').map((r) => r.backend)).toEqual(
      expect.arrayContaining([expect.stringMatching(/wasm|cpu|tensorflow/)]),
    );
    // The answer: a layer of this campaign, compared with bn_relu by name.
    const answer = report.answer;
    expect(answer?.basis).toBe('finale');
    expect(answer?.provisional).toBe(false);
    expect(answer?.reference.fingerprint).toBe(BN_RELU);
    expect(answer?.reason).toMatch(/bn_relu/);
    expect(layerFingerprint(parseLayer(answer?.canonical ?? ''))).toBe(answer?.fingerprint);
  }, 420_000);
});
