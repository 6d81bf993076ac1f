import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  buildCampaignReport,
  planFinale,
  rankCandidates,
  rankCandidatesForRead,
  referenceTargets,
  renderReportMarkdown,
  spentOf,
  storedSpecOf,
  type CampaignReport,
} from '@actsearch/engine';
import { type Runtime } from '@actsearch/runtime';
import type { Store } from '@actsearch/store';
import { fakeScore } from '../engine/fixtures/fake-score.ts';
import {
  fakeTask,
  Resources,
  spec,
  startedJobs,
  startHarness,
  waitForCampaign,
  waitForStatus,
  withDefaultReference,
} from '../engine/helpers.ts';
import { exitOf, spawnWorker } from '../engine/processes.ts';

const resources = new Resources();
const runtimes: Runtime[] = [];
const workers: ChildProcess[] = [];

afterEach(async () => {
  for (const worker of workers.splice(0)) if (worker.exitCode === null) worker.kill('SIGKILL');
  for (const runtime of runtimes.splice(0)) await runtime.close({ timeoutMs: 2_000 });
});
afterAll(() => resources.cleanup());

async function embedded(env: Record<string, string> = {}): Promise<Runtime> {
  const runtime = await startHarness('embedded', resources, { env, poolSize: 2 });
  runtimes.push(runtime);
  return runtime;
}

/** A small campaign with a cheap finale: top 3 plus ReLU/Swish/GELU, 2 seeds, one transfer task. */
function finaleSpec(search: string, transfer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return withDefaultReference(
    spec({
      tasks: [search],
      budget: { candidates: 6 },
      seeds: [0],
      finale: { topK: 3, fidelity: 'screen', seeds: 2, transferTasks: [transfer] },
      ...overrides,
    }),
  );
}

describe('campaign finale', () => {
  it('starts only after the search budget is spent, and trains nothing already stored', async () => {
    const log = join(resources.dir(), 'started.log');
    const { engine, store } = await embedded({ FAKE_EVAL_LOG: log });
    const search = fakeTask();
    const transfer = fakeTask('sleep100');
    const campaign = await engine.submitCampaign(finaleSpec(search, transfer));
    const during = await waitForCampaign(
      store,
      campaign.id,
      (c) => spentOf(c) >= 6 && startedJobs(log).some((j) => j.key.includes(transfer)),
      'the finale to start',
    );
    expect(during.status).toBe('running');
    const done = await waitForStatus(store, campaign.id, 'done');
    expect(done.statusReason).toMatch(/finale of \d+ evaluations complete/);
    expect(spentOf(done)).toBe(6);

    const jobs = startedJobs(log).map((j) => j.key);
    // The search phase trains the candidates and, apart from the budget, the reference (ReLU).
    const referenceKeys = referenceTargets(storedSpecOf(done.spec)).map((t) => t.key);
    expect(referenceKeys).toHaveLength(1);
    const searchKeys = new Set([
      ...(await store.candidates.listByCampaign(campaign.id, { limit: 1000 })).items.flatMap((c) => c.evaluationKeys),
      ...referenceKeys,
    ]);
    const plan = await planFinale(store, campaign.id, storedSpecOf(done.spec));
    const finaleOnly = plan.targets.filter((t) => !searchKeys.has(t.key)).map((t) => t.key);
    // Every search job started before the first finale job.
    const firstFinale = jobs.findIndex((key) => !searchKeys.has(key));
    expect(jobs.slice(firstFinale).every((key) => !searchKeys.has(key))).toBe(true);
    // Top 3 by search score and ReLU: their seed-0 evaluations on the search task were stored by the search and reused.
    const reused = plan.targets.filter((t) => searchKeys.has(t.key));
    expect(reused.length).toBeGreaterThanOrEqual(4);
    expect(reused.map((t) => t.key)).toContain(referenceKeys[0]);
    expect(jobs.filter((key) => !searchKeys.has(key)).sort()).toEqual([...finaleOnly].sort());
    expect(new Set(jobs).size).toBe(jobs.length);
    // 3 + 3 baselines (fewer when a top candidate is one) × 2 tasks × 2 seeds, every one stored.
    expect(plan.entries.filter((e) => e.baseline !== null).map((e) => e.baseline)).toEqual(['relu', 'x * sigmoid(x)', 'gelu']);
    expect(plan.targets).toHaveLength(plan.entries.length * 4);
    expect(await store.evaluations.getMany(plan.targets.map((t) => t.key))).toHaveLength(plan.targets.length);
  }, 120_000);

  it('reads rank the candidates once while the counters stand still, and afresh when one moves', async () => {
    const { engine, store } = await embedded();
    const campaign = await engine.submitCampaign(finaleSpec(fakeTask(), fakeTask()));
    const done = await waitForStatus(store, campaign.id, 'done');
    const spec = storedSpecOf(done.spec);
    let walks = 0;
    const list = store.candidates.listByCampaign.bind(store.candidates);
    store.candidates.listByCampaign = (...args) => {
      walks++;
      return list(...args);
    };
    const fresh = await rankCandidates(store, campaign.id, spec);
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    walks = 0;
    expect(await rankCandidatesForRead(store, done, spec)).toEqual(fresh);
    expect(await rankCandidatesForRead(store, { ...done }, spec)).toEqual(fresh);
    expect(walks).toBe(1);
    // A candidate resolved since: the counters moved, so the ranking is walked again.
    await rankCandidatesForRead(store, { ...done, evaluated: done.evaluated + 1 }, spec);
    expect(walks).toBe(2);
    // The plan built on a remembered ranking is the plan built from scratch.
    expect(await planFinale(store, campaign.id, spec, await rankCandidatesForRead(store, done, spec))).toEqual(
      await planFinale(store, campaign.id, spec),
    );
  }, 120_000);

  it('runs when the strategy runs out of proposals before the budget: the search ends at what it trained', async () => {
    const { engine, store } = await embedded();
    // Exhaustive over the tiny space: fewer distinct functions than the budget asks for.
    const body = finaleSpec(fakeTask(), fakeTask(), {
      space: 'tiny',
      strategy: 'exhaustive',
      budget: { candidates: 1_000 },
      parallelism: 8,
    });
    const campaign = await engine.submitCampaign(body);
    const done = await waitForStatus(store, campaign.id, 'done', 300_000);
    expect(done.statusReason).toMatch(/finale of \d+ evaluations complete/);
    const spent = spentOf(done);
    expect(spent).toBeGreaterThan(10);
    expect(spent).toBeLessThan(1_000);
    // The budget is lowered to what was trained; the spec keeps what was asked for.
    expect(done.budget).toBe(spent);
    expect(storedSpecOf(done.spec).budget.candidates).toBe(1_000);
    const plan = await planFinale(store, campaign.id, storedSpecOf(done.spec));
    expect(plan.targets.length).toBeGreaterThan(0);
    expect(await store.evaluations.getMany(plan.targets.map((t) => t.key))).toHaveLength(plan.targets.length);
  }, 360_000);

  it("a second campaign over the same space reuses the first one's finale and trains nothing for it", async () => {
    const log = join(resources.dir(), 'started.log');
    const { engine, store } = await embedded({ FAKE_EVAL_LOG: log });
    const body = finaleSpec(fakeTask(), fakeTask());
    const first = await engine.submitCampaign(body);
    await waitForStatus(store, first.id, 'done');
    const trained = startedJobs(log).length;
    const second = await engine.submitCampaign({ ...body, name: 'again' });
    await waitForStatus(store, second.id, 'done');
    expect(startedJobs(log).length).toBe(trained);
    const a = await buildCampaignReport(store, first.id);
    const b = await buildCampaignReport(store, second.id);
    expect(b.finale).toEqual(a.finale);
  }, 120_000);

  it("the report's numbers are the stored evaluations' (means, intervals, paired differences to ReLU)", async () => {
    const { engine, store } = await embedded();
    const search = fakeTask();
    const transfer = fakeTask();
    const campaign = await engine.submitCampaign(
      finaleSpec(search, transfer, { finale: { topK: 2, fidelity: 'screen', seeds: 3, transferTasks: [transfer] } }),
    );
    await waitForStatus(store, campaign.id, 'done');
    const report = await buildCampaignReport(store, campaign.id);
    expect(report.finale?.stored).toBe(report.finale?.total);
    expect(report.finale?.seeds).toEqual([0, 1, 2]);
    expect(report.finale?.tasks.map((t) => [t.task, t.kind])).toEqual([
      [search, 'search'],
      [transfer, 'transfer'],
    ]);
    for (const task of report.finale?.tasks ?? []) {
      const relu = task.rows.find((r) => r.baseline === 'relu');
      expect(relu).toBeDefined();
      for (const row of task.rows) {
        const metrics = [0, 1, 2].map((seed) => fakeScore(row.fingerprint, task.task, seed));
        const rows = await store.evaluations.listForActivation(row.fingerprint);
        const stored = rows.filter((r) => r.task === task.task && r.fidelity === 'screen').map((r) => r.metric);
        expect(stored.sort()).toEqual([...metrics].sort());
        const mean = metrics.reduce((s, v) => s + v, 0) / 3;
        expect(row.stats?.mean).toBeCloseTo(mean, 12);
        expect(row.stats?.ciLow).toBeLessThan(mean);
        if (row.baseline !== 'relu') {
          const diffs = [0, 1, 2].map(
            (seed) => fakeScore(row.fingerprint, task.task, seed) - fakeScore(relu?.fingerprint ?? '', task.task, seed),
          );
          expect(row.vsReference?.meanDiff).toBeCloseTo(diffs.reduce((s, v) => s + v, 0) / 3, 12);
          expect(row.vsReference?.p).toBeGreaterThanOrEqual(0);
        }
      }
      const ranked = task.rows.filter((r) => r.rank !== null);
      expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
      expect(ranked.every((r, i) => i === 0 || (ranked[i - 1]?.stats?.mean ?? 0) >= (r.stats?.mean ?? 0))).toBe(true);
    }
    const holds = report.finale?.holdsUp ?? [];
    for (const fp of holds) {
      for (const task of report.finale?.tasks ?? [])
        expect(task.rows.find((r) => r.fingerprint === fp)?.vsReference?.meanDiff).toBeGreaterThan(0);
    }
    const { markdown, plots } = renderReportMarkdown(report);
    expect(markdown).toContain(report.spaceHash);
    expect(markdown).toContain(`### ${transfer} (transfer)`);
    expect(markdown).toContain('`fake`');
    expect(plots.map((p) => p.file)).toEqual(['f.svg', 'df.svg']);
    expect(plots[0]?.svg).toMatch(/^<svg[^>]*>.*<path d="M/);
  }, 120_000);

  it('trains finalists without predictive rejections, and reports a divergence with its step', async () => {
    const { engine, store } = await embedded();
    const search = fakeTask();
    // On `predicted` the stability test (when on) rejects every function, which trains fine without it.
    const predicted = fakeTask('predict1');
    const diverging = fakeTask('diverge1');
    const campaign = await engine.submitCampaign(
      finaleSpec(search, predicted, { finale: { topK: 2, fidelity: 'screen', seeds: 2, transferTasks: [predicted, diverging] } }),
    );
    await waitForStatus(store, campaign.id, 'done');
    const report = await buildCampaignReport(store, campaign.id);
    const byTask = new Map((report.finale?.tasks ?? []).map((t) => [t.task, t]));
    const onPredicted = byTask.get(predicted)?.rows ?? [];
    expect(onPredicted.length).toBeGreaterThan(0);
    for (const row of onPredicted) expect(row.seeds.map((s) => s.status)).toEqual(['done', 'done']);
    const onDiverging = byTask.get(diverging)?.rows ?? [];
    expect(onDiverging.length).toBeGreaterThan(0);
    for (const row of onDiverging)
      expect(row.seeds).toEqual([
        { seed: 0, status: 'diverged', metric: null, step: 17 },
        { seed: 1, status: 'diverged', metric: null, step: 17 },
      ]);
    const { markdown } = renderReportMarkdown(report);
    expect(markdown).toContain('diverged on 2 of 2 seeds (at steps 17, 17)');
    expect(markdown).not.toMatch(/rejected on \d+ of/);
  }, 120_000);

  it('pausing during the finale stops its dispatch; resuming finishes it', async () => {
    const { engine, store } = await embedded();
    const transfer = fakeTask('sleep150');
    const campaign = await engine.submitCampaign(finaleSpec(fakeTask(), transfer, { parallelism: 2 }));
    await waitForCampaign(store, campaign.id, (c) => spentOf(c) >= 6, 'the search budget');
    await engine.pause(campaign.id);
    const spec = storedSpecOf((await store.campaigns.require(campaign.id)).spec);
    const plan = await planFinale(store, campaign.id, spec);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const settled = (await store.evaluations.getMany(plan.targets.map((t) => t.key))).length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await store.evaluations.getMany(plan.targets.map((t) => t.key))).length).toBe(settled);
    expect(settled).toBeLessThan(plan.targets.length);
    await engine.resume(campaign.id);
    await waitForStatus(store, campaign.id, 'done');
  }, 120_000);

  it('resumes the finale after the whole worker process is SIGKILLed and a new one starts', async () => {
    const schema = resources.schema();
    const prefix = resources.prefix();
    const log = join(resources.dir(), 'started.log');
    const producer = await startHarness('distributed', resources, { schema, prefix, consume: false });
    runtimes.push(producer);
    const { engine, store } = producer;
    const transfer = fakeTask('sleep150');
    const first = await spawnWorker({ schema, prefix, env: { FAKE_EVAL_LOG: log } });
    workers.push(first);
    const campaign = await engine.submitCampaign(finaleSpec(fakeTask(), transfer));
    await waitForCampaign(
      store,
      campaign.id,
      () => startedJobs(log).filter((j) => j.key.includes(transfer)).length >= 3,
      'finale jobs running',
      120_000,
    );
    first.kill('SIGKILL');
    await exitOf(first);
    for (const { pid } of startedJobs(log)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    expect((await store.campaigns.require(campaign.id)).status).toBe('running');
    workers.push(await spawnWorker({ schema, prefix, env: { FAKE_EVAL_LOG: log } }));
    const done = await waitForStatus(store, campaign.id, 'done', 120_000);
    const plan = await planFinale(store, campaign.id, storedSpecOf(done.spec));
    const rows = await store.evaluations.getMany(plan.targets.map((t) => t.key));
    expect(rows).toHaveLength(plan.targets.length);
    expect(rows.every((row) => row.status === 'done')).toBe(true);
  }, 240_000);
});

/** The report with what legitimately differs between two runs removed: ids, timestamps, training wall time. */
function comparable(report: CampaignReport): unknown {
  const { campaign, compute, ...rest } = report;
  return {
    ...rest,
    campaign: { name: campaign.name, status: campaign.status, statusReason: campaign.statusReason },
    evaluations: compute.evaluations,
  };
}

async function runOnce(
  body: Record<string, unknown>,
): Promise<{ store: Store; proposals: string[]; scores: (number | null)[]; report: CampaignReport; markdown: string }> {
  const { engine, store } = await embedded();
  const campaign = await engine.submitCampaign(body);
  await waitForStatus(store, campaign.id, 'done');
  const candidates = (await store.candidates.listByCampaign(campaign.id, { limit: 1000 })).items;
  const rows = new Map((await store.evaluations.getMany(candidates.flatMap((c) => c.evaluationKeys))).map((r) => [r.key, r.metric]));
  const report = await buildCampaignReport(store, campaign.id);
  const markdown = renderReportMarkdown(report)
    .markdown.replace(/- id: .*\n/, '')
    .replace(/- compute: .*\n/, '');
  return {
    store,
    proposals: candidates.map((c) => `${c.proposalId} ${c.expression}`),
    scores: candidates.map((c) => rows.get(c.evaluationKeys[0] ?? '') ?? null),
    report,
    markdown,
  };
}

describe('reproducibility', () => {
  it('two runs of the same spec and seed give the same proposals, scores and report', async () => {
    const body = finaleSpec(fakeTask(), fakeTask(), {
      strategy: { name: 'evolution', config: { populationSize: 4 } },
      budget: { candidates: 10 },
      parallelism: 1,
      seed: 17,
    });
    const a = await runOnce(body);
    const b = await runOnce(body);
    expect(b.proposals).toEqual(a.proposals);
    expect(b.scores).toEqual(a.scores);
    expect(comparable(b.report)).toEqual(comparable(a.report));
    expect(b.markdown).toBe(a.markdown);
  }, 180_000);
});
