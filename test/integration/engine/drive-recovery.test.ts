import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, spentOf, type EvaluationOutcome, type EvaluationPayload } from '@actsearch/engine';
import { LocalDispatcher } from '@actsearch/queue';
import { restoreStrategy } from '@actsearch/search';
import { openStore, type Store } from '@actsearch/store';
import { FAKE_EVALUATOR, fakeTask, loadSpaces, postgresUrl, proxyPrescreen, Resources, spec, waitForStatus } from './helpers.ts';

// The store is what matters here (PostgreSQL opens faster than PGlite); the queue is in-process.
describe('drive recovery', () => {
  const resources = new Resources();
  let store: Store | undefined;
  let dispatcher: LocalDispatcher<EvaluationPayload, EvaluationOutcome> | undefined;

  afterEach(async () => {
    await dispatcher?.close({ timeoutMs: 2_000 });
    await store?.close();
    await resources.cleanup();
  });

  it('tells the strategy about proposals a drive saved but died before storing, and still ends with exactly its budget', async () => {
    store = await openStore({ kind: 'postgres', url: postgresUrl(resources.schema()) });
    dispatcher = new LocalDispatcher<EvaluationPayload, EvaluationOutcome>({
      evaluator: { module: FAKE_EVALUATOR, size: 1 },
      driveBackoffMs: 20,
    });
    // The first append fails, as if the process died right after saving the strategy's state.
    let failures = 1;
    const candidates = store.candidates;
    const append = candidates.append.bind(candidates);
    candidates.append = async (...args) => {
      if (failures-- > 0) throw new Error('simulated crash between saving the strategy and storing its proposals');
      return append(...args);
    };
    const spaces = loadSpaces();
    // The simulated crash is reported here as a drive error, then retried.
    dispatcher.onError(() => undefined);
    const engine = createEngine({ store, dispatcher, spaces, prescreen: proxyPrescreen, driveLeaseMs: 1_000 });
    await engine.start({ sweepIntervalMs: 0 });

    const campaign = await engine.submitCampaign(spec({ tasks: [fakeTask()], budget: { candidates: 12 }, parallelism: 4 }));
    const done = await waitForStatus(store, campaign.id, 'done');
    expect(failures).toBeLessThan(0);
    expect(spentOf(done)).toBe(12);
    expect(done.evaluated).toBe(12);
    expect(done.toldCount).toBe(done.proposed);
    // The lost proposals were told (as failed) and are no longer awaited; none became a candidate.
    const strategy = restoreStrategy(done.strategyState, spaces.get('swish-core1'));
    expect(strategy.pending()).toEqual([]);
    const stored = await store.candidates.listByCampaign(campaign.id, { limit: 1000 });
    const ids = stored.items.map((c) => c.proposalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids.map((id) => Number(id.replace(/\D/g, ''))))).toBeGreaterThan(1);
  }, 120_000);
});
