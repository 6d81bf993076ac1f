import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCampaignReport } from '@actsearch/engine';
import { listTasks } from '@actsearch/tasks';
import { apiOver, auth, campaignBody, startEngine, waitForCampaign, type ApiHarness, type EngineHarness } from '../api/harness.ts';

describe('report routes', () => {
  let engine: EngineHarness;
  let api: ApiHarness;
  let id: string;

  beforeAll(async () => {
    engine = await startEngine('embedded');
    api = apiOver(engine);
    const body = campaignBody({
      name: 'with finale',
      budget: { candidates: 4 },
      finale: { topK: 2, fidelity: 'screen', seeds: 2, transferTasks: ['checkerboard-mlp'] },
    });
    const res = await request(api.app).post('/api/campaigns').set(auth).send(body);
    expect(res.status).toBe(201);
    expect(res.body.spec.finale).toEqual({
      enabled: true,
      topK: 2,
      baselines: ['relu', 'x * sigmoid(x)', 'gelu'],
      fidelity: 'screen',
      seeds: 2,
      transferTasks: ['checkerboard-mlp'],
    });
    id = res.body.id;
    await waitForCampaign(engine.store, id, (c) => c.status === 'done', 'the campaign and its finale', 150_000);
  }, 180_000);

  afterAll(async () => {
    api?.close();
    await engine?.close();
  });

  it('GET /api/campaigns/:id/report answers the report built from the store', async () => {
    const res = await request(api.app).get(`/api/campaigns/${id}/report`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(await buildCampaignReport(engine.store, id, { tasks: listTasks() }))));
    expect(res.body.finale.tasks.map((t: { task: string; kind: string }) => `${t.task}:${t.kind}`)).toEqual([
      'spirals-mlp:search',
      'checkerboard-mlp:transfer',
    ]);
    expect(res.body.finale.stored).toBe(res.body.finale.total);
  });

  it('GET /api/campaigns/:id/report.md answers Markdown with the tables, the space hash and embedded SVG plots', async () => {
    const res = await request(api.app).get(`/api/campaigns/${id}/report.md`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/markdown/);
    expect(res.text).toContain('### checkerboard-mlp (transfer)');
    expect(res.text).toMatch(/content hash `[0-9a-f]+`/);
    expect(res.text).toMatch(/!\[f\.svg\]\(data:image\/svg\+xml;base64,/);
  });

  it("GET /api/campaigns/:id shows the finale's own progress", async () => {
    const res = await request(api.app).get(`/api/campaigns/${id}`);
    expect(res.status).toBe(200);
    // 2 candidates + 3 baselines (fewer when a candidate is one) × 2 tasks × 2 seeds, all stored.
    expect(res.body.phase).toBe('finished');
    expect(res.body.finale).toMatchObject({ started: true, fraction: 1, eta: null, estimate: null });
    expect(res.body.finale.stored).toBe(res.body.finale.total);
    expect(res.body.finale.total % 4).toBe(0);
  });

  it('an unknown campaign answers 404 on both', async () => {
    expect((await request(api.app).get('/api/campaigns/nope/report')).status).toBe(404);
    expect((await request(api.app).get('/api/campaigns/nope/report.md')).status).toBe(404);
  });
});
