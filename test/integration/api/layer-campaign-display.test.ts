/**
 * A real layer campaign (the evonorm space through the engine, trained by the proxy's evaluator, with
 * a finale) read through the API: the campaign and its report say it searched layers, the report shows
 * its winners' formulas instead of f/f′ plots, the answer's page and export are a layer's, and no
 * candidate's page answers 5xx. Embedded mode, the two cheapest proxy networks (about a minute).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATOR_MODULE, type Runtime } from '@actsearch/runtime';
import { defaultCatalog } from '@actsearch/tasks';
import { SMALL_LAYER_CAMPAIGN } from '../../fixtures/small-layer-campaign.ts';
import { Resources, startHarness, waitForStatus } from '../engine/helpers.ts';
import { apiOver, type ApiHarness } from './harness.ts';

const resources = new Resources();
let runtime: Runtime;
let api: ApiHarness;
let id: string;

beforeAll(async () => {
  runtime = await startHarness('embedded', resources, { evaluatorModule: EVALUATOR_MODULE, poolSize: 2, tasks: defaultCatalog().list() });
  api = apiOver({ mode: 'embedded', runtime, store: runtime.store, close: () => runtime.close() });
  const submitted = await runtime.engine.submitCampaign({ ...SMALL_LAYER_CAMPAIGN, name: 'layer display' });
  id = (await waitForStatus(runtime.store, submitted.id, 'done', 300_000)).id;
}, 420_000);

afterAll(async () => {
  api?.close();
  await runtime?.close({ timeoutMs: 5_000 });
  await resources.cleanup();
});

describe('a layer campaign through the API', () => {
  it('is a layer campaign in its view and report, whose Markdown shows the winners as formulas, not plots', async () => {
    const campaign = (await request(api.app).get(`/api/campaigns/${id}`)).body;
    expect(campaign.kind).toBe('layer');
    expect(campaign.best === null || campaign.best.kind === 'layer').toBe(true);
    const report = (await request(api.app).get(`/api/campaigns/${id}/report`)).body;
    expect(report.kind).toBe('layer');
    const md = (await request(api.app).get(`/api/campaigns/${id}/report.md`)).text;
    expect(md).toMatch(/a layer campaign/);
    expect(md).toMatch(/\| rank \| layer \| search rank \|/);
    expect(md).toMatch(/## Formulas\n/);
    expect(md).not.toMatch(/svg\+xml/);
    const finalists = (report.finalists as { fingerprint: string }[]).map((f) => f.fingerprint);
    expect(finalists.length).toBeGreaterThan(0);
    for (const fp of finalists.slice(0, 3)) expect(md).toContain(`- \`${fp}\``);
  });

  it('shows the answer as a layer and exports it to PyTorch, 400 for Keras', async () => {
    const { answer } = (await request(api.app).get(`/api/campaigns/${id}`)).body;
    expect(answer.fingerprint).toEqual(expect.any(String));
    const page = await request(api.app).get(`/api/activations/${answer.fingerprint}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ kind: 'layer', plot: null, exportLangs: ['pytorch', 'numpy'] });
    const torch = await request(api.app).get(`/api/activations/${answer.fingerprint}/export?lang=pytorch`);
    expect(torch.status).toBe(200);
    expect(torch.text).toMatch(/class ActsearchLayer\(nn\.Module\)/);
    expect((await request(api.app).get(`/api/activations/${answer.fingerprint}/export?lang=keras`)).status).toBe(400);
  });

  it('answers every candidate and leaderboard row without a 5xx, marking scored layers as layers', async () => {
    const candidates = (await request(api.app).get(`/api/campaigns/${id}/candidates`)).body.items as {
      fingerprint: string;
      kind: string;
      state: string;
    }[];
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      const res = await request(api.app).get(`/api/activations/${c.fingerprint}`);
      expect(res.status, `${c.state} ${c.fingerprint}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      if (c.state === 'evaluated') expect(c.kind).toBe('layer');
    }
    const board = (await request(api.app).get(`/api/leaderboard?task=checkerboard-mlp&campaign=${id}`)).body;
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.every((r: { kind: string }) => r.kind === 'layer')).toBe(true);
  });
});
