/**
 * Layers in the store are shown like activations: the API's leaderboard, activation page, campaign,
 * candidates and report carry each row's kind and formula; a layer gets no f(x) plot (a note says why,
 * never an error), exports to PyTorch and NumPy and refuses other languages with a 400 on `lang`; and
 * the expression box parses layers and known layer names. Layer rows are written with the store API,
 * as a layer campaign would leave them.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, getKnownLayer, parse } from '@actsearch/expr';
import { apiOver, loadSpaces, startEngine, type ApiHarness, type EngineHarness } from './harness.ts';
import { EVONORM_B0, LAYER_TASK as TASK, OTHER_LAYER, OTHER_LAYER_TEXT as OTHER_TEXT, storeLayerCampaign } from './fixtures/layer-rows.ts';

let engine: EngineHarness;
let api: ApiHarness;
let campaignId: string;
const B0_FP = EVONORM_B0.fingerprint;
const B0_STORED = EVONORM_B0.canonical;
const B0_TEXT = getKnownLayer('evonorm_b0')?.text;
const OTHER_FP = OTHER_LAYER.fingerprint;
const OTHER_STORED = OTHER_LAYER.canonical;

beforeAll(async () => {
  engine = await startEngine('embedded');
  api = apiOver(engine);
  campaignId = await storeLayerCampaign(engine.store, loadSpaces());
});

afterAll(async () => {
  api?.close();
  await engine?.close();
});

describe('layers on the read routes', () => {
  it('GET /api/leaderboard marks layer rows and shows a known layer by its definition', async () => {
    const res = await request(api.app).get(`/api/leaderboard?task=${TASK}&campaign=${campaignId}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { fingerprint: string }) => r.fingerprint)).toEqual([B0_FP, OTHER_FP]);
    expect(res.body.items[0]).toMatchObject({ kind: 'layer', canonical: B0_STORED, expression: B0_TEXT });
    expect(res.body.items[1]).toMatchObject({
      kind: 'layer',
      canonical: OTHER_STORED,
      expression: 'tanh(x) / sqrt(batch_mean(square(x)) + 0.00001) * gamma + beta',
    });
  });

  it('GET /api/activations/:fp of a layer: its kind and parts, no plot and a note why, its export languages', async () => {
    const res = await request(api.app).get(`/api/activations/${B0_FP}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fingerprint: B0_FP,
      canonical: B0_STORED,
      kind: 'layer',
      latex: null,
      plot: null,
      plotNote: expect.stringMatching(/no f\(x\) plot: its output depends on statistics of its whole input/),
      exportLangs: ['pytorch', 'numpy'],
      layer: { aggregates: ['batch_var(x)', 'instance_var(x)'], knownLayer: 'evonorm_b0' },
      features: {},
    });
    expect(res.body.evaluations).toHaveLength(2);
  });

  it('an activation keeps its plot and every export language, with kind activation and no layer parts', async () => {
    const relu = fingerprint(parse('relu(x)'));
    await engine.store.activations.upsert({ fingerprint: relu, canonical: 'relu(x)' });
    const res = await request(api.app).get(`/api/activations/${relu}`);
    expect(res.body).toMatchObject({ kind: 'activation', plotNote: null, layer: null });
    expect(res.body.plot.f).toHaveLength(201);
    expect(res.body.exportLangs).toEqual(['pytorch', 'keras', 'jax', 'tfjs', 'numpy', 'latex', 'typescript']);
  });

  it('GET /api/campaigns/:id and its candidates: a layer campaign, its best and candidates are layers', async () => {
    const campaign = await request(api.app).get(`/api/campaigns/${campaignId}`);
    expect(campaign.status).toBe(200);
    expect(campaign.body.kind).toBe('layer');
    expect(campaign.body.best).toMatchObject({ fingerprint: B0_FP, kind: 'layer', expression: B0_TEXT });
    const list = await request(api.app).get('/api/campaigns');
    expect(list.body.items.find((c: { id: string }) => c.id === campaignId)?.kind).toBe('layer');
    const candidates = await request(api.app).get(`/api/campaigns/${campaignId}/candidates`);
    expect(candidates.body.items.map((c: { kind: string }) => c.kind)).toEqual(['layer', 'layer']);
    expect(candidates.body.items[0].canonical).toBe(B0_STORED);
  });

  it('the report says it is a layer campaign, in JSON and Markdown, without f/f′ plots', async () => {
    const json = await request(api.app).get(`/api/campaigns/${campaignId}/report`);
    expect(json.status).toBe(200);
    expect(json.body.kind).toBe('layer');
    const md = await request(api.app).get(`/api/campaigns/${campaignId}/report.md`);
    expect(md.status).toBe(200);
    expect(md.text).toMatch(/searched: \*\*normalization-activation layers\*\* \(a layer campaign\)/);
    expect(md.text).not.toMatch(/svg\+xml/);
  });
});

describe('layer export', () => {
  it('sends a layer as a PyTorch module and a NumPy class', async () => {
    const torch = await request(api.app).get(`/api/activations/${B0_FP}/export?lang=torch&name=evo_b0`);
    expect(torch.status).toBe(200);
    expect(torch.headers['content-disposition']).toMatch(/attachment; filename="?layer_[0-9a-f]{8}_torch\.py/);
    expect(torch.text).toMatch(/class EvoB0\(nn\.Module\):/);
    expect(torch.text).toMatch(new RegExp(`fingerprint: ${B0_FP} \\(layer fingerprint\\)`));
    const numpy = await request(api.app).get(`/api/activations/${B0_FP}/export?lang=numpy`);
    expect(numpy.status).toBe(200);
    expect(numpy.text).toMatch(/class ActsearchLayer:/);
  });

  it('answers 400 on lang, naming the languages a layer has, for every other language', async () => {
    for (const lang of ['keras', 'tf', 'jax', 'tfjs', 'latex', 'typescript']) {
      const res = await request(api.app).get(`/api/activations/${B0_FP}/export?lang=${lang}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: 'lang', message: 'must be one of pytorch, numpy' }]);
      expect(res.body.error.message).toMatch(/layers export to pytorch and numpy/);
    }
  });
});

describe('POST /api/expr/parse with layers', () => {
  it('parses a known layer name: kind, canonical text, layer fingerprint, parameters and aggregates, no plot', async () => {
    const res = await request(api.app).post('/api/expr/parse').send({ text: 'evonorm_b0' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'layer',
      fingerprint: B0_FP,
      canonical: B0_STORED,
      params: [
        { name: 'v', init: 1 },
        { name: 'gamma', init: 1 },
        { name: 'beta', init: 0 },
      ],
      layer: { aggregates: ['batch_var(x)', 'instance_var(x)'], knownLayer: 'evonorm_b0' },
      plot: null,
      features: {},
    });
    expect(res.body.plotNote).toMatch(/no f\(x\) plot/);
  });

  it('parses a layer expression, and answers 400 on text for a bad layer or bad syntax', async () => {
    const ok = await request(api.app).post('/api/expr/parse').send({ text: OTHER_TEXT });
    expect(ok.body).toMatchObject({
      kind: 'layer',
      fingerprint: OTHER_FP,
      layer: { aggregates: ['batch_mean(square(x))'], knownLayer: null },
    });
    const groups = await request(api.app).post('/api/expr/parse').send({ text: 'x / sqrt(group_var(x, 3) + eps)' });
    expect(groups.status).toBe(400);
    expect(groups.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['text']);
    const syntax = await request(api.app).post('/api/expr/parse').send({ text: 'x / batch_var(x' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error).toMatchObject({ code: 'parse_error', fields: [{ path: 'text' }] });
  });
});
