/**
 * Input handling of every route over the embedded engine: each validation error path answers 400
 * with field paths (and nothing reaches the engine), auth 401, rate limits 429, body limits 413,
 * unknown ids 404; plus the catalog and operations routes and the generated OpenAPI document.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp, createApiContext, ROUTES } from '@actsearch/http';
import { openStore } from '@actsearch/store';
import { count } from '@actsearch/spaces';
import { listTasks } from '@actsearch/tasks';
import { apiOver, auth, campaignBody, loadSpaces, startEngine, TOKEN, type ApiHarness, type EngineHarness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let engine: EngineHarness;
let api: ApiHarness;
const extraApis: ApiHarness[] = [];

beforeAll(async () => {
  engine = await startEngine('embedded');
  api = apiOver(engine);
});

afterAll(async () => {
  api?.close();
  for (const extra of extraApis) extra.close();
  await engine?.close();
});

function another(options: Parameters<typeof apiOver>[1]): ApiHarness {
  const extra = apiOver(engine, options);
  extraApis.push(extra);
  return extra;
}

async function campaignCount(): Promise<number> {
  return (await engine.store.campaigns.list({ limit: 200 })).items.length;
}

function paths(res: request.Response): string[] {
  return (res.body.error.fields as { path: string }[]).map((f) => f.path);
}

describe('POST /api/campaigns validation: 400 with field paths, and nothing is stored', () => {
  const cases: [string, Record<string, unknown> | unknown, string[], RegExp?][] = [
    ['an unknown space', campaignBody({ space: 'no-such-space' }), ['space'], /unknown space 'no-such-space'/],
    ['an unknown task', campaignBody({ tasks: ['spirals-mlp', 'imagenet'] }), ['tasks[1]'], /unknown task 'imagenet'/],
    ['an unknown strategy', campaignBody({ strategy: 'gradient-descent' }), ['strategy.name'], /unknown strategy/],
    [
      'an invalid strategy option',
      campaignBody({ strategy: { name: 'evolution', config: { populationSize: 1 } } }),
      ['strategy.config.populationSize'],
    ],
    ['an unknown strategy option', campaignBody({ strategy: { name: 'random', config: { temperature: 2 } } }), ['strategy.config']],
    [
      'an unparsable seed expression',
      campaignBody({ strategy: { name: 'surrogate', config: { baselines: ['relu(x)', 'x +* sigmoid(x)'] } } }),
      ['strategy.config.baselines[1]'],
      /column/,
    ],
    [
      'a seed genome outside the space',
      campaignBody({ strategy: { name: 'surrogate', config: { seeds: [[0, 99]] } } }),
      ['strategy.config.seeds[0]'],
    ],
    ['a budget over the configured maximum', campaignBody({ budget: { candidates: 100_001 } }), ['budget.candidates'], /must be ≤ 100000/],
    ['parallelism over the configured maximum', campaignBody({ parallelism: 1000 }), ['parallelism'], /must be ≤ 256/],
    ['a budget of the wrong type', campaignBody({ budget: 'ten' }), ['budget']],
    ['a fractional budget', campaignBody({ budget: { candidates: 2.5 } }), ['budget.candidates']],
    ['tasks as a string', campaignBody({ tasks: 'spirals-mlp' }), ['tasks']],
    ['no tasks', campaignBody({ tasks: [] }), ['tasks']],
    ['repeated tasks', campaignBody({ tasks: ['spirals-mlp', 'spirals-mlp'] }), ['tasks']],
    ['a malformed task id', campaignBody({ tasks: ['a|b'] }), ['tasks[0]']],
    ['a fractional seed', campaignBody({ seeds: [0, 1.5] }), ['seeds[1]']],
    ['an unknown fidelity', campaignBody({ fidelity: 'ultra' }), ['fidelity'], /must be one of "screen", "standard", "full"/],
    ['a negative seed', campaignBody({ seed: -1 }), ['seed']],
    ['a name of the wrong type', campaignBody({ name: 42 }), ['name']],
    ['an empty name', campaignBody({ name: '   ' }), ['name']],
    ['an unknown field', campaignBody({ colour: 'blue' }), ['colour'], /unknown field/],
    ['an owner (set from the token, never from the body)', campaignBody({ owner: 'someone' }), ['owner']],
    ['a rejection setting of the wrong type', campaignBody({ rejection: { quality: 'yes' } }), ['rejection.quality']],
    [
      'an activation as the reference of a layer campaign',
      campaignBody({ space: 'evonorm', reference: ['relu'] }),
      ['reference.activations[0]'],
      /'relu' is an activation, but 'evonorm' is a layer space: its campaigns compare layers/,
    ],
    [
      "the activation pre-screen's options in a layer campaign",
      campaignBody({ space: 'evonorm', rejection: { prescreen: { explodingThreshold: 5 } } }),
      ['rejection.prescreen'],
      /do not apply to layers/,
    ],
    [
      'a layer as the reference of an activation campaign',
      campaignBody({ reference: ['bn_relu'] }),
      ['reference.activations[0]'],
      /'bn_relu' is a normalization-activation layer, but 'tiny' is an activation space/,
    ],
    ['missing required fields', {}, ['name', 'space', 'strategy', 'tasks', 'budget']],
    ['an array body', [campaignBody()], ['body']],
    ['a number body', 5, ['body']],
    ['a null body', null, ['body']],
  ];
  for (const [what, body, expected, message] of cases) {
    it(`rejects ${what}`, async () => {
      const before = await campaignCount();
      const res = await request(api.app)
        .post('/api/campaigns')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(paths(res)).toEqual(expect.arrayContaining(expected));
      if (message) expect((res.body.error.fields as { message: string }[]).map((f) => f.message).join('\n')).toMatch(message);
      expect(await campaignCount()).toBe(before);
    });
  }

  it('reports every problem at once', async () => {
    const res = await request(api.app)
      .post('/api/campaigns')
      .set(auth)
      .send(campaignBody({ space: 'nope', tasks: ['nope'], budget: { candidates: 200_000 } }));
    expect(res.status).toBe(400);
    expect(paths(res).sort()).toEqual(['budget.candidates', 'space', 'tasks[0]']);
    expect(res.body.error.message).toMatch(/and 2 more/);
  });

  it('honours a lower configured budget maximum', async () => {
    const strict = another({ config: { maxBudget: 3 } });
    const res = await request(strict.app)
      .post('/api/campaigns')
      .set(auth)
      .send(campaignBody({ budget: { candidates: 4 } }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'budget.candidates', message: 'must be ≤ 3' }]);
  });

  it('answers 400 for a body that is not JSON, and 413 for one over the size limit', async () => {
    const bad = await request(api.app).post('/api/campaigns').set(auth).set('Content-Type', 'application/json').send('{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', fields: [{ path: 'body' }] });
    const small = another({ config: { bodyLimitBytes: 1024 } });
    const big = await request(small.app)
      .post('/api/campaigns')
      .set(auth)
      .send(campaignBody({ name: 'x'.repeat(2000) }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });
});

describe('text the database cannot hold, malformed escapes and overflowing numbers answer 400 before any query', () => {
  const urls: [string, string, RegExp][] = [
    ['/api/campaigns/%00', 'id', /NUL/],
    ['/api/leaderboard?task=spirals-mlp&campaign=%00', 'campaign', /NUL/],
    ['/api/campaigns?owner=%00', 'owner', /NUL/],
    ['/api/campaigns/%E0%A4%A', 'id', /malformed percent-escape/],
    ['/api/campaigns/%ED%A0%80', 'id', /malformed percent-escape/],
    ['/api/activations/%ZZ/export?lang=numpy', 'fingerprint', /malformed percent-escape/],
    ['/api/campaigns?owner=%E0%A4%A', 'owner', /malformed percent-escape/],
    ['/api/campaigns?status=running&owner=a%00b', 'owner', /NUL/],
    ['/api/campaigns/x/candidates?cursor=%00', 'cursor', /NUL/],
  ];
  for (const [url, field, message] of urls) {
    it(`GET ${url} answers 400 naming ${field}`, async () => {
      const res = await request(api.app).get(url);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields).toEqual([{ path: field, message: expect.stringMatching(message) }]);
    });
  }

  const bodies: [string, string, string, RegExp][] = [
    ['a name with a NUL byte', JSON.stringify(campaignBody({ name: 'a\u0000b' })), 'name', /NUL/],
    ['a name that is a lone surrogate', JSON.stringify(campaignBody({ name: '\ud800' })), 'name', /lone surrogate/],
    [
      'a lone surrogate deep in the strategy config',
      JSON.stringify(campaignBody({ strategy: { name: 'surrogate', config: { baselines: ['relu(x)', 'x\udc00'] } } })),
      'strategy.config.baselines[1]',
      /lone surrogate/,
    ],
    [
      'a NUL in a field name',
      JSON.stringify(campaignBody({ strategy: { name: 'random', config: { 'a\u0000': 1 } } })),
      'strategy.config',
      /field name must not contain a NUL/,
    ],
    [
      'a budget of 1e309',
      JSON.stringify(campaignBody()).replace('"candidates":6', '"candidates":1e309'),
      'budget.candidates',
      /must be a finite number/,
    ],
    ['a whole budget of 1e309', JSON.stringify(campaignBody()).replace('{"candidates":6}', '1e309'), 'budget', /must be a finite number/],
  ];
  for (const [what, text, field, message] of bodies) {
    it(`POST /api/campaigns with ${what} answers 400 naming ${field} and stores nothing`, async () => {
      const before = await campaignCount();
      const res = await request(api.app).post('/api/campaigns').set(auth).set('Content-Type', 'application/json').send(text);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: field, message: expect.stringMatching(message) }]);
      expect(await campaignCount()).toBe(before);
    });
  }

  it('a JSON route given text/plain or a form answers 415 and stores nothing; an empty body needs no type', async () => {
    const before = await campaignCount();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await request(api.app).post('/api/campaigns').set(auth).set('Content-Type', type).send(JSON.stringify(campaignBody()));
      expect(res.status, type).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining(type) });
    }
    expect(await campaignCount()).toBe(before);
    const parsed = await request(api.app)
      .post('/api/expr/parse')
      .set('Content-Type', 'application/vnd.actsearch+json')
      .send('{"text":"relu(x)"}');
    expect(parsed.status).toBe(200);
    const cancel = await request(api.app).post('/api/campaigns/nope/cancel').set(auth);
    expect(cancel.status).toBe(404);
  });

  it('a cursor whose JSON spells a NUL is an invalid cursor, not a query', async () => {
    const cursor = Buffer.from(JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z', id: 'a\u0000' })).toString('base64url');
    const res = await request(api.app).get(`/api/campaigns?cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['cursor']);
  });
});

describe('query and path validation', () => {
  const cases: [string, string[]][] = [
    ['/api/campaigns?limit=0', ['limit']],
    ['/api/campaigns?limit=201', ['limit']],
    ['/api/campaigns?limit=ten', ['limit']],
    ['/api/campaigns?status=sleeping', ['status[0]']],
    ['/api/campaigns?cursor=not-a-cursor', ['cursor']],
    ['/api/campaigns?colour=blue', ['colour']],
    ['/api/campaigns?limit=1&limit=2', ['limit']],
    ['/api/leaderboard?task=imagenet', ['task']],
    ['/api/leaderboard?fidelity=ultra', ['fidelity']],
    ['/api/leaderboard?limit=501', ['limit']],
    ['/api/leaderboard?cursor=AAAA', ['cursor']],
    ['/api/activations/NOT-HEX', ['fingerprint']],
    ['/api/activations/0123456789abcdef/export', ['lang']],
    ['/api/activations/0123456789abcdef/export?lang=cobol', ['lang']],
    ['/api/activations/0123456789abcdef/export?lang=numpy&name=1bad', ['name']],
  ];
  for (const [url, expected] of cases) {
    it(`GET ${url} answers 400 naming ${expected.join(', ')}`, async () => {
      const res = await request(api.app).get(url);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(paths(res)).toEqual(expected);
    });
  }

  it('answers 404 for unknown ids and unknown routes', async () => {
    for (const url of [
      '/api/campaigns/nope',
      '/api/activations/0123456789abcdef',
      '/api/activations/0123456789abcdef/export?lang=numpy',
      '/api/spaces/nope',
      '/api/nothing-here',
      '/nothing-here',
    ]) {
      const res = await request(api.app).get(url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});

describe('POST /api/expr/parse', () => {
  it('returns the canonical text, fingerprint, parameters, features and plot points', async () => {
    const res = await request(api.app).post('/api/expr/parse').send({ text: 'x*sigmoid(beta*x); beta = 1.5' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      canonical: 'x * sigmoid(beta * x); beta = 1.5',
      params: [{ name: 'beta', init: 1.5 }],
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(res.body.plot.x).toHaveLength(201);
    expect(res.body.plot.f[100]).toBe(0);
    expect(res.body.plot.df[100]).toBeCloseTo(0.5, 12);
    expect(res.body.features.isMonotonic).toBe(false);
  });

  it('answers 400 parse_error with the 1-based column and the field', async () => {
    const res = await request(api.app).post('/api/expr/parse').send({ text: 'x * sigmod(x)' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parse_error', column: 5, fields: [{ path: 'text' }] });
    expect(res.body.error.message).toMatch(/sigmoid/);
    const empty = await request(api.app).post('/api/expr/parse').send({ text: '' });
    expect(empty.status).toBe(400);
    expect(paths(empty)).toEqual(['text']);
  });
});

describe('auth and rate limits', () => {
  const mutating = ROUTES.filter((r) => r.mutating);

  it('every mutating route answers 401 without a token and with a wrong one, before looking at the input', async () => {
    expect(mutating.map((r) => `${r.method} ${r.path}`)).toEqual([
      'post /api/campaigns',
      'post /api/campaigns/:id/pause',
      'post /api/campaigns/:id/resume',
      'post /api/campaigns/:id/cancel',
    ]);
    for (const route of mutating) {
      const url = route.path.replace(':id', 'nope');
      const none = await request(api.app).post(url).send(campaignBody());
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.body.error.code).toBe('unauthorized');
      const wrong = await request(api.app).post(url).set('Authorization', 'Bearer wrong-token').send(campaignBody());
      expect(wrong.status).toBe(401);
      const malformed = await request(api.app).post(url).set('Authorization', `Basic ${TOKEN}`).send(campaignBody());
      expect(malformed.status).toBe(401);
    }
  });

  it('reads need no token', async () => {
    for (const url of ['/api/campaigns', '/api/leaderboard', '/api/spaces', '/api/tasks', '/api/workers', '/api/openapi.json']) {
      expect((await request(api.app).get(url)).status, url).toBe(200);
    }
  });

  it('accepts a token given as its sha256 digest, and leaves mutating routes open when no token is configured', async () => {
    const hashed = another({ tokens: [`sha256:${createHash('sha256').update('digest-token').digest('hex')}`] });
    expect((await request(hashed.app).post('/api/campaigns/nope/pause').set('Authorization', 'Bearer digest-token')).status).toBe(404);
    expect((await request(hashed.app).post('/api/campaigns/nope/pause').set(auth)).status).toBe(401);
    const open = another({ tokens: [] });
    expect((await request(open.app).post('/api/campaigns/nope/pause')).status).toBe(404);
  });

  it('limits mutating requests per client with 429 and Retry-After, and never limits reads', async () => {
    const limited = another({ config: { rateLimit: { capacity: 3, refillPerSecond: 0.1 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(limited.app).post('/api/campaigns/nope/pause').set(auth)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const limitedRes = await request(limited.app).post('/api/campaigns/nope/pause').set(auth);
    expect(limitedRes.body.error.code).toBe('rate_limited');
    expect(Number(limitedRes.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 10; i++) expect((await request(limited.app).get('/api/campaigns')).status).toBe(200);
  });
});

describe('catalog and operations routes', () => {
  it('GET /api/spaces lists every space with its exact size, and /api/spaces/:id its shapes and operators', async () => {
    const spaces = loadSpaces();
    const list = await request(api.app).get('/api/spaces');
    expect(list.body.map((s: Json) => s.id)).toEqual(spaces.ids());
    const tiny = list.body.find((s: Json) => s.id === 'tiny');
    expect(tiny.members).toBe(Number(count(spaces.get('tiny'))));
    const detail = await request(api.app).get('/api/spaces/tiny');
    expect(detail.body.shapes.map((s: Json) => s.label)).toEqual(spaces.get('tiny').shapes.map((s) => s.label));
    expect(detail.body.shapes.reduce((n: number, s: Json) => n + s.members, 0)).toBe(tiny.members);
    expect(detail.body.operators.unary.map((o: Json) => o.name)).toContain('sigmoid');
    expect(detail.body.operators.binary).toContainEqual({ name: 'mul', text: 'x1 * x2' });
  });

  it('GET /api/tasks lists the proxy tasks with their fidelities and the default', async () => {
    const res = await request(api.app).get('/api/tasks');
    expect(res.body.map((t: Json) => t.id)).toEqual(listTasks().map((t) => t.id));
    expect(res.body.filter((t: Json) => t.default).map((t: Json) => t.id)).toEqual(['mnist-mlp']);
    expect(res.body[0].fidelities.screen.steps).toBe(listTasks()[0]?.fidelities.screen.steps);
    expect(res.body.find((t: Json) => t.id === 'mnist-mlp')).toMatchObject({
      kind: 'builtin',
      rejectionTests: ['prescreen', 'stability', 'quality', 'divergence'],
    });
  });

  it('GET /api/workers shows heartbeats with whether each worker is alive', async () => {
    await engine.store.workers.heartbeat({
      id: 'host-a:1',
      hostname: 'host-a',
      backend: 'wasm',
      role: 'worker',
      currentJob: 'abc|spirals-mlp|screen|0',
    });
    const res = await request(api.app).get('/api/workers');
    expect(res.body).toContainEqual(
      expect.objectContaining({ id: 'host-a:1', backend: 'wasm', role: 'worker', currentJob: 'abc|spirals-mlp|screen|0', alive: true }),
    );
    const strict = another({ config: { workerAliveMs: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await request(strict.app).get('/api/workers')).body.find((w: Json) => w.id === 'host-a:1').alive).toBe(false);
  });

  it("GET /api/workers shows each worker's evaluator slots: the GPU device of each and what runs there", async () => {
    const slots = [
      { device: '0', state: 'busy', job: 'abc|pytorch-mnist-mlp|v1|screen|0' },
      { device: '1', state: 'idle', job: null },
    ];
    await engine.store.workers.heartbeat({ id: 'gpu-host:7', hostname: 'gpu-host', backend: 'command', role: 'worker', slots });
    await engine.store.workers.heartbeat({ id: 'old-host:8', hostname: 'old-host', backend: 'wasm', role: 'worker' });
    const res = await request(api.app).get('/api/workers');
    expect(res.body.find((w: Json) => w.id === 'gpu-host:7')).toMatchObject({ slots });
    expect(res.body.find((w: Json) => w.id === 'old-host:8')).toMatchObject({ slots: [] });
  });

  it('GET /healthz answers; /readyz checks the database and the queue', async () => {
    expect((await request(api.app).get('/healthz')).body).toMatchObject({ status: 'ok', mode: 'embedded' });
    const ready = await request(api.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok' } });
  });

  it('GET /metrics exposes request counters by route pattern', async () => {
    await request(api.app).get('/api/campaigns/nope');
    const res = await request(api.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/actsearch_http_requests_total\{method="get",route="\/api\/campaigns\/:id",status="404"\} [1-9]/);
    expect(res.text).toContain('actsearch_http_request_duration_seconds_bucket');
  });

  it('GET /api/openapi.json documents every route of the table with the schemas the handlers validate with', async () => {
    const doc = (await request(api.app).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const path = route.path.replace(/:([a-z]+)/gi, '{$1}');
      expect(doc.paths[path]?.[route.method]?.operationId, `${route.method} ${path}`).toBe(route.operationId);
    }
    const create = doc.paths['/api/campaigns'].post;
    const spec = create.requestBody.content['application/json'].schema;
    const resolved = spec.$ref ? doc.components.schemas[spec.$ref.split('/').pop()] : spec;
    expect(resolved.required).toEqual(expect.arrayContaining(['name', 'space', 'strategy', 'tasks', 'budget']));
    expect(resolved.properties.budget.properties.candidates.type).toBe('integer');
    expect(resolved.additionalProperties).toBe(false);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '429']));
    const leaderboard = doc.paths['/api/leaderboard'].get.parameters.map((p: Json) => p.name);
    expect(leaderboard).toEqual(expect.arrayContaining(['task', 'fidelity', 'limit', 'cursor']));
    expect(doc.paths['/api/campaigns/{id}/pause'].post.responses['409']).toBeDefined();
  });

  it('serves the built dashboard when its folder exists, and a page linking the API docs otherwise', async () => {
    const index = await request(api.app).get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('href="/api/openapi.json"');
    expect((await request(api.app).get('/api/docs')).text).toContain('/api/campaigns/:id/events');
    const dir = mkdtempSync(join(tmpdir(), 'actsearch-dashboard-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
      writeFileSync(join(dir, 'app.js'), 'console.log(1)');
      const withDashboard = another({ config: { dashboardDir: dir } });
      expect((await request(withDashboard.app).get('/')).text).toContain('<title>dashboard</title>');
      expect((await request(withDashboard.app).get('/app.js')).text).toBe('console.log(1)');
      expect((await request(withDashboard.app).get('/campaigns/123')).text).toContain('<title>dashboard</title>');
      expect((await request(withDashboard.app).get('/api/nope')).status).toBe(404);
      expect((await request(withDashboard.app).get('/api/spaces')).status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GET /readyz answers 503 naming the database once it is unreachable', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: 'memory' });
    const ctx = createApiContext({
      store,
      engine: engine.runtime.engine,
      spaces: loadSpaces(),
      tasks: listTasks(),
      defaultTask: 'mnist-mlp',
    });
    const broken = createApiApp(ctx);
    await store.close();
    const res = await request(broken.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not_ready');
    expect(res.body.checks.database).toMatch(/^error: /);
    ctx.events.close();
  });
});
