/**
 * The contract of the campaign, leaderboard and activation routes, run against the real engine in
 * both modes (embedded: PGlite + in-process queue; distributed: PostgreSQL + BullMQ on Redis).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivative, evaluate, parse } from '@actsearch/expr';
import { BASELINE_FINGERPRINT, ROUTES } from '@actsearch/http';
import { getTask } from '@actsearch/tasks';
import { fastScore } from './fixtures/fast-evaluator.ts';
import { apiOver, auth, campaignBody, startEngine, waitForCampaign, type ApiHarness, type EngineHarness, type Mode } from './harness.ts';
import { readEvents } from './sse-reader.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function describeCampaignContract(mode: Mode): void {
  describe(`campaign routes (${mode})`, () => {
    let engine: EngineHarness;
    let api: ApiHarness;
    let baseUrl: string;
    let server: import('node:http').Server;
    /** A campaign over three seeds that has finished, shared by the read tests. */
    let finished: Json;

    beforeAll(async () => {
      engine = await startEngine(mode);
      api = apiOver(engine);
      server = api.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await request(api.app)
        .post('/api/campaigns')
        .set(auth)
        .send(campaignBody({ name: 'three seeds', seeds: [0, 1, 2], budget: { candidates: 5 } }));
      expect(res.status).toBe(201);
      await waitForCampaign(engine.store, res.body.id, (c) => c.status === 'done', 'the shared campaign to finish');
      finished = (await request(api.app).get(`/api/campaigns/${res.body.id}`)).body;
    });

    afterAll(async () => {
      api?.close();
      await new Promise((resolve) => server?.close(resolve));
      await engine?.close();
    });

    it('POST /api/campaigns answers 201 with the stored spec (defaults filled in, owner from the token) and the campaign runs to exactly its budget', async () => {
      const res = await request(api.app)
        .post('/api/campaigns')
        .set(auth)
        .send(campaignBody({ name: 'budget four', budget: { candidates: 4 } }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'budget four',
        status: 'queued',
        spaceId: 'tiny',
        strategy: 'random',
        progress: { budget: 4, completed: 0 },
      });
      expect(res.body.spec).toMatchObject({
        seeds: [0],
        strategy: { name: 'random', config: {} },
        fidelity: 'screen',
        rejection: { prescreen: true },
      });
      expect(res.body.owner).toMatch(/^[0-9a-f]{12}$/);
      expect(res.body.spec.owner).toBe(res.body.owner);
      await waitForCampaign(engine.store, res.body.id, (c) => c.status === 'done', 'done');
      const detail = await request(api.app).get(`/api/campaigns/${res.body.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.status).toBe('done');
      expect(detail.body.progress).toMatchObject({ budget: 4, completed: 4, inFlight: 0, fraction: 1 });
      // Proposals another campaign already scored are reused, not trained again.
      expect(detail.body.progress.evaluated + detail.body.progress.reused).toBe(4);
      expect(detail.body.eta).toBeNull();
      expect(detail.body.finishedAt).not.toBeNull();
    });

    it('GET /api/campaigns/:id reports the best so far: the top fast score among its candidates, on its first task', async () => {
      const candidates = (await request(api.app).get(`/api/campaigns/${finished.id}/candidates?state=evaluated`)).body.items as Json[];
      const means = candidates.map((c) => [0, 1, 2].reduce((sum, seed) => sum + fastScore(c.fingerprint, 'spirals-mlp', seed), 0) / 3);
      expect(finished.best).toMatchObject({ task: 'spirals-mlp', fidelity: 'screen', n: 3 });
      expect(finished.best.mean).toBeCloseTo(Math.max(...means), 12);
      expect(finished.best.ciLow).toBeLessThan(finished.best.mean);
      expect(finished.best.ciHigh).toBeGreaterThan(finished.best.mean);
    });

    it('GET /api/campaigns/:id answers 404 for an unknown id', async () => {
      const res = await request(api.app).get('/api/campaigns/00000000-0000-0000-0000-000000000000');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it('GET /api/campaigns pages newest first without repeats or gaps while campaigns are added, and filters by status', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(api.app)
          .post('/api/campaigns')
          .set(auth)
          .send(campaignBody({ name: `page ${i}`, budget: { candidates: 1 } }));
        ids.push(res.body.id);
      }
      const before = (await request(api.app).get('/api/campaigns?limit=200')).body.items.map((c: Json) => c.id) as string[];
      const seen: string[] = [];
      let cursor: string | null = null;
      let added = false;
      do {
        const res: request.Response = await request(api.app).get(
          `/api/campaigns?limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c: Json) => c.id));
        cursor = res.body.nextCursor;
        if (!added) {
          // A campaign created mid-way is newer than the cursor: it shifts nothing.
          await request(api.app)
            .post('/api/campaigns')
            .set(auth)
            .send(campaignBody({ name: 'late', budget: { candidates: 1 } }));
          added = true;
        }
      } while (cursor !== null);
      expect(seen).toEqual(before);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(0, 4)).toEqual([...ids].reverse());

      await request(api.app).post(`/api/campaigns/${ids[0]}/cancel`).set(auth).send({ reason: 'test' });
      const cancelled = await request(api.app).get('/api/campaigns?status=cancelled');
      expect(cancelled.body.items.every((c: Json) => c.status === 'cancelled')).toBe(true);
      const several = await request(api.app).get('/api/campaigns?status=cancelled,done&limit=200');
      expect(several.body.items.every((c: Json) => ['cancelled', 'done'].includes(c.status))).toBe(true);
    });

    it('pause, resume and cancel follow queued → running ⇄ paused → cancelled; every illegal move answers 409 and unknown ids 404', async () => {
      const created = await request(api.app)
        .post('/api/campaigns')
        .set(auth)
        .send(campaignBody({ name: 'lifecycle', budget: { candidates: 200 }, space: 'swish-core1' }));
      const id = created.body.id as string;
      const paused = await request(api.app).post(`/api/campaigns/${id}/pause`).set(auth);
      expect(paused.status).toBe(200);
      expect(paused.body.status).toBe('paused');
      const again = await request(api.app).post(`/api/campaigns/${id}/pause`).set(auth);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('conflict');
      expect(again.body.error.message).toContain('paused');
      const resumed = await request(api.app).post(`/api/campaigns/${id}/resume`).set(auth);
      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('running');
      expect((await request(api.app).post(`/api/campaigns/${id}/resume`).set(auth)).status).toBe(409);
      const cancelled = await request(api.app).post(`/api/campaigns/${id}/cancel`).set(auth).send({ reason: 'enough' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'enough' });
      for (const verb of ['pause', 'resume', 'cancel']) {
        expect((await request(api.app).post(`/api/campaigns/${id}/${verb}`).set(auth)).status).toBe(409);
        expect((await request(api.app).post(`/api/campaigns/${finished.id}/${verb}`).set(auth)).status).toBe(409);
        const missing = await request(api.app).post(`/api/campaigns/no-such-campaign/${verb}`).set(auth);
        expect(missing.status).toBe(404);
      }
    });

    it('GET /api/campaigns/:id/candidates pages in proposal order with state, score over seeds and lineage', async () => {
      const all: Json[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(api.app).get(
          `/api/campaigns/${finished.id}/candidates?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        expect(res.status).toBe(200);
        all.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(all.map((c) => c.order)).toEqual(all.map((_, i) => i));
      expect(all.length).toBe(finished.progress.proposed);
      for (const c of all) {
        expect(c.lineage).toMatchObject({ source: expect.any(String), parents: expect.any(Array) });
        if (c.state === 'evaluated') {
          expect(c.seeds).toBe(3);
          expect(c.score).toBeCloseTo([0, 1, 2].reduce((s, seed) => s + fastScore(c.fingerprint, 'spirals-mlp', seed), 0) / 3, 12);
        } else {
          expect(c.state).toBe('prescreen_rejected');
          expect(c.reason).toEqual(expect.any(String));
        }
      }
      expect((await request(api.app).get('/api/campaigns/nope/candidates')).status).toBe(404);
    });

    it('GET /api/campaigns/:id/events streams progress and new bests until the campaign is done', async () => {
      const created = await request(api.app)
        .post('/api/campaigns')
        .set(auth)
        .send(campaignBody({ name: 'live', budget: { candidates: 6 }, seed: 11 }));
      const { status, contentType, events } = await readEvents(`${baseUrl}/api/campaigns/${created.body.id}/events`);
      expect(status).toBe(200);
      expect(contentType).toMatch(/^text\/event-stream/);
      const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as Json);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      const completed = progress.map((p) => p.progress.completed as number);
      expect(completed).toEqual([...completed].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({ status: 'done', progress: { completed: 6 } });
      const bests = events.filter((e) => e.event === 'best' && e.data !== null).map((e) => e.data as Json);
      expect(bests.length).toBeGreaterThanOrEqual(1);
      const detail = await request(api.app).get(`/api/campaigns/${created.body.id}`);
      expect(bests.at(-1)).toEqual(detail.body.best);
      expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'done' } });
      const ids = events.map((e) => Number(e.id));
      expect(ids).toEqual(ids.map((_, i) => i + 1));
    });

    it('GET /api/campaigns/:id/events of a finished campaign sends its state and ends at once; an unknown id answers 404', async () => {
      const { events } = await readEvents(`${baseUrl}/api/campaigns/${finished.id}/events`, 5_000);
      expect(events.map((e) => e.event)).toEqual(['best', 'progress', 'end']);
      const missing = await fetch(`${baseUrl}/api/campaigns/nope/events`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as Json).error.code).toBe('not_found');
    });

    it('GET /api/leaderboard ranks by mean over seeds with a 95 % interval, pages by cursor, and compares with ReLU, which every campaign trains', async () => {
      const scoped = `/api/leaderboard?task=spirals-mlp&fidelity=screen&campaign=${finished.id}`;
      const full = (await request(api.app).get(`${scoped}&limit=500`)).body;
      // The campaign trained its reference on its own task and seeds: the comparison exists from the start.
      expect(full.baseline).toMatchObject({ canonical: 'relu(x)', stats: { n: 3 } });
      expect(full.items.length).toBeGreaterThanOrEqual(3);
      const means = full.items.map((r: Json) => r.mean as number);
      expect(means).toEqual([...means].sort((a, b) => b - a));
      for (const row of full.items as Json[]) {
        expect(row.n).toBe(3);
        expect(row.mean).toBeCloseTo([0, 1, 2].reduce((s, seed) => s + fastScore(row.fingerprint, 'spirals-mlp', seed), 0) / 3, 12);
        expect(row.ciLow).toBeLessThan(row.mean);
        expect(row.ciHigh).toBeGreaterThan(row.mean);
        expect(row.deltaVsRelu).not.toBeNull();
        // ReLU is the campaign's reference, not one of its candidates.
        expect(row.fingerprint).not.toBe(BASELINE_FINGERPRINT);
      }
      const pages: Json[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(api.app).get(`${scoped}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        pages.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(pages).toEqual(full.items);
      expect(pages.map((r) => r.rank)).toEqual(pages.map((_, i) => i + 1));

      await engine.store.activations.upsert({ fingerprint: BASELINE_FINGERPRINT, canonical: 'relu(x)' });
      for (const seed of [0, 1, 2]) {
        await engine.store.evaluations.upsert({
          fingerprint: BASELINE_FINGERPRINT,
          task: 'spirals-mlp',
          taskVersion: getTask('spirals-mlp').version,
          fidelity: 'screen',
          seed,
          status: 'done',
          metric: 0.6 + seed / 10,
        });
      }
      const relative = (await request(api.app).get(`${scoped}&limit=500`)).body;
      expect(relative.baseline).toMatchObject({ canonical: 'relu(x)', stats: { n: 3 } });
      expect(relative.baseline.stats.mean).toBeCloseTo(0.7, 12);
      for (const row of relative.items as Json[]) expect(row.deltaVsRelu).toBeCloseTo(row.mean - 0.7, 12);
      const everything = (await request(api.app).get('/api/leaderboard?task=spirals-mlp&limit=500')).body;
      expect(everything.items.some((r: Json) => r.fingerprint === BASELINE_FINGERPRINT)).toBe(true);
      expect(everything.taskVersion).toBe(getTask('spirals-mlp').version);
      // Another version of the task was never trained: nothing from this one may show under it.
      const otherVersion = (await request(api.app).get(`${scoped}&taskVersion=${getTask('spirals-mlp').version + 1}`)).body;
      expect(otherVersion).toMatchObject({ taskVersion: getTask('spirals-mlp').version + 1, items: [], baseline: { stats: null } });
      const bad = await request(api.app).get(`${scoped}&taskVersion=-1`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('taskVersion');
    });

    it('GET /api/activations/:fingerprint returns texts, features, every evaluation and f, f′ on [−5, 5]', async () => {
      const fingerprint = finished.best.fingerprint as string;
      const res = await request(api.app).get(`/api/activations/${fingerprint}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ fingerprint, canonical: finished.best.canonical });
      expect(res.body.evaluations.map((e: Json) => e.seed)).toEqual([0, 1, 2]);
      expect(res.body.evaluations[0]).toMatchObject({
        task: 'spirals-mlp',
        taskVersion: getTask('spirals-mlp').version,
        fidelity: 'screen',
        status: 'done',
        backend: 'fake',
      });
      expect(typeof res.body.features.valueAt0).toBe('number');
      expect(res.body.latex).toMatch(/^f\(x\) = /);
      const { x, f, df } = res.body.plot as { x: number[]; f: (number | null)[]; df: (number | null)[] };
      expect(x[0]).toBe(-5);
      expect(x.at(-1)).toBe(5);
      expect(f.length).toBe(x.length);
      const expr = parse(res.body.canonical);
      const slope = derivative(expr, 'x');
      for (const i of [0, 37, 100, 163, 200]) {
        expect(f[i]).toBeCloseTo(evaluate(expr, x[i] as number), 12);
        expect(df[i]).toBeCloseTo(evaluate(slope, x[i] as number), 9);
      }
      expect((await request(api.app).get('/api/activations/0123456789abcdef')).status).toBe(404);
    });

    it('every JSON answer matches the response schema the OpenAPI document shows for its route', async () => {
      await engine.store.workers.heartbeat({ id: 'w:1', hostname: 'w', backend: 'wasm', role: 'worker' });
      const calls: [string, string, unknown?][] = [
        ['get', '/api/campaigns'],
        ['get', `/api/campaigns/${finished.id}`],
        ['get', `/api/campaigns/${finished.id}/candidates`],
        ['get', `/api/campaigns/${finished.id}/report`],
        ['get', '/api/leaderboard?task=spirals-mlp'],
        ['get', `/api/activations/${finished.best.fingerprint}`],
        ['get', '/api/spaces'],
        ['get', '/api/spaces/tiny'],
        ['get', '/api/tasks'],
        ['get', '/api/workers'],
        ['get', '/healthz'],
        ['get', '/readyz'],
        ['post', '/api/expr/parse', { text: 'x * tanh(softplus(x))' }],
        ['post', `/api/campaigns/${finished.id}/cancel`],
      ];
      for (const [method, url, body] of calls) {
        const path = url.split('?')[0] as string;
        const route = ROUTES.find((r) => r.method === method && new RegExp(`^${r.path.replace(/:[a-z]+/gi, '[^/]+')}$`, 'i').test(path));
        expect(route, url).toBeDefined();
        const res =
          method === 'get'
            ? await request(api.app).get(url)
            : await request(api.app)
                .post(url)
                .set(auth)
                .send(body as object);
        const schema = res.status === route?.success.status ? route.success.schema : errorSchemaOf();
        const parsed = schema?.safeParse(res.body);
        expect(parsed?.success, `${method} ${url} → ${res.status}: ${JSON.stringify(parsed?.error?.issues ?? []).slice(0, 500)}`).toBe(
          true,
        );
      }
    });

    it('GET /api/activations/:fingerprint/export sends each language as an attachment, and the NumPy file runs and computes the activation', async () => {
      const fingerprint = finished.best.fingerprint as string;
      const extensions: Record<string, string> = {
        pytorch: '.py',
        keras: '.py',
        jax: '.py',
        numpy: '.py',
        tfjs: '.mjs',
        typescript: '.ts',
        latex: '.tex',
      };
      for (const [lang, ext] of Object.entries(extensions)) {
        const res = await request(api.app).get(`/api/activations/${fingerprint}/export?lang=${lang}`);
        expect(res.status).toBe(200);
        expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?[A-Za-z0-9_.-]+\\${ext}"?$`));
        expect(res.text).toContain(fingerprint);
      }
      const numpy = await request(api.app).get(`/api/activations/${fingerprint}/export?lang=numpy&name=best_found`);
      const dir = mkdtempSync(join(tmpdir(), 'actsearch-export-'));
      try {
        writeFileSync(join(dir, 'best_found.py'), numpy.text);
        const xs = [-3, -0.5, 0, 0.25, 2];
        const out = execFileSync(
          'python3',
          [
            '-c',
            `import json, numpy as np, best_found as m; print(json.dumps(np.asarray(m.best_found(np.array(${JSON.stringify(xs)}))).tolist()))`,
          ],
          { cwd: dir, encoding: 'utf8' },
        );
        const values = JSON.parse(out) as number[];
        const expr = parse(finished.best.canonical);
        values.forEach((v, i) => expect(v).toBeCloseTo(evaluate(expr, xs[i] as number), 10));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** The error body schema, as the OpenAPI document's components show it. */
function errorSchemaOf() {
  return z.object({ error: z.object({ code: z.string(), message: z.string() }) });
}
