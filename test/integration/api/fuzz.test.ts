/**
 * Fuzzing the input side over real HTTP (one server, keep-alive sockets; seeded, so a failure
 * reproduces): 10,000 malformed campaign submissions, 1,000 random expressions, transition bodies and
 * query strings, and 89,000 hostile requests (100,000 in all) — NUL bytes, lone surrogates, malformed
 * percent-escapes and overflowing numbers in paths, queries and JSON bodies at any depth. Nothing may
 * answer 5xx, and no malformed or hostile submission may create a campaign. The hostile ones are
 * injected into the same app in-process (light-my-request: the URL and body reach Express byte for
 * byte, without a socket), which keeps 89,000 of them to about a minute on a quiet 2-core machine.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import inject from 'light-my-request';
import { Rng } from '@actsearch/expr';
import { apiOver, campaignBody, startEngine, TOKEN, type ApiHarness, type EngineHarness } from './harness.ts';

const SEED = 20261128;
const SUBMISSIONS = Number(process.env.FUZZ_N ?? 10_000);
const HOSTILE = Number(process.env.FUZZ_HOSTILE_N ?? 89_000);

let engine: EngineHarness;
let api: ApiHarness;
let server: Server;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  engine = await startEngine('embedded');
  api = apiOver(engine, { config: { rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } } });
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  api?.close();
  await new Promise((resolve) => server?.close(resolve));
  await engine?.close();
});

interface Sent {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

function send(req: Sent): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

const JUNK_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  '',
  ' ',
  'x'.repeat(300),
  '__proto__',
  [],
  [null],
  {},
  { a: 1 },
  [[[[[]]]]],
  '5',
  'NaN',
  'Infinity',
  '\u0000',
  '😀',
];

/** Values that are wrong for each field of a campaign spec, whatever else the body holds. */
const INVALID_FOR: Readonly<Record<string, readonly unknown[]>> = {
  name: [null, 0, true, [], {}, '', '   ', 'n'.repeat(201)],
  space: [null, 0, [], {}, '', 's'.repeat(101), 'no-such-space', '../../etc/passwd'],
  strategy: [
    null,
    0,
    [],
    '',
    { name: 'random', extra: 1 },
    { config: {} },
    'no-such-strategy',
    { name: 'evolution', config: { populationSize: 0 } },
    { name: 'random', config: [] },
  ],
  tasks: [
    null,
    'spirals-mlp',
    [],
    [0],
    [''],
    ['a|b'],
    ['imagenet'],
    ['spirals-mlp', 'spirals-mlp'],
    Array.from({ length: 17 }, (_, i) => `t${i}`),
  ],
  fidelity: [null, 0, '', 'ultra', ['screen'], 'SCREEN'],
  budget: [
    null,
    5,
    '5',
    [],
    {},
    { candidates: 0 },
    { candidates: -3 },
    { candidates: 1.5 },
    { candidates: '5' },
    { candidates: 1e12 },
    { candidates: 5, extra: 1 },
  ],
  seed: [null, -1, 1.5, '1', 2 ** 31, [], {}],
  seeds: [null, [], [-1], [0.5], [0, 0], ['0'], 0, Array.from({ length: 17 }, (_, i) => i)],
  rejection: [null, 0, [], 'none', { quality: 'yes' }, { colour: true }, { prescreen: { nonFinite: 'no' } }, { stability: { steps: 0 } }],
  parallelism: [null, 0, -2, 1.5, '4', 100_000, []],
  failurePolicy: [null, 0, { maxConsecutive: 0 }, { maxFraction: 2 }, { extra: 1 }],
};
const REQUIRED = ['name', 'space', 'strategy', 'tasks', 'budget'];

function randomJunk(rng: Rng, depth = 0): unknown {
  const roll = rng.int(depth > 3 ? 3 : 6);
  if (roll < 3) return rng.pick(JUNK_VALUES);
  if (roll === 3) return Array.from({ length: rng.int(4) }, () => randomJunk(rng, depth + 1));
  if (roll === 4)
    return Object.fromEntries(
      Array.from({ length: rng.int(4) }, () => [
        rng.pick(['a', 'name', 'budget', '__proto__', 'constructor', 'x'.repeat(rng.int(50))]),
        randomJunk(rng, depth + 1),
      ]),
    );
  return rng.normal() * 10 ** rng.int(12);
}

/** A campaign body with at least one mutation that makes it invalid, serialized (or not even JSON). */
function malformedSubmission(rng: Rng): Sent {
  const kind = rng.int(10);
  if (kind === 0) {
    // Not JSON: truncated, garbled or binary text.
    const text = JSON.stringify(campaignBody());
    const cut = text.slice(0, rng.int(text.length));
    const garbage = Array.from({ length: rng.int(40) }, () => String.fromCharCode(rng.int(0x250))).join('');
    return { method: 'POST', path: '/api/campaigns', body: rng.int(2) === 0 ? cut : cut + garbage };
  }
  if (kind === 1) return { method: 'POST', path: '/api/campaigns', body: JSON.stringify(randomJunk(rng)) };
  if (kind === 2) {
    const depth = 1 + rng.int(5000);
    return { method: 'POST', path: '/api/campaigns', body: '['.repeat(depth) + ']'.repeat(depth) };
  }
  const body: Record<string, unknown> = campaignBody({ seed: rng.int(1000) });
  const mutations = 1 + rng.int(3);
  let proto: unknown;
  for (let m = 0; m < mutations; m++) {
    const what = rng.int(4);
    if (what === 0) delete body[rng.pick(REQUIRED)];
    else if (what === 1) body[`extra_${rng.int(5)}`] = randomJunk(rng);
    else if (what === 2) proto = randomJunk(rng);
    else {
      const key = rng.pick(Object.keys(INVALID_FOR));
      body[key] = rng.pick(INVALID_FOR[key] as readonly unknown[]);
    }
  }
  let text = JSON.stringify(body);
  // An own `__proto__` key (JSON.parse makes one) must be refused like any unknown field, not merged.
  if (proto !== undefined) text = `{"__proto__": ${JSON.stringify(proto) ?? 'null'}, ${text.slice(1)}`;
  const contentType =
    rng.int(20) === 0
      ? rng.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
        ])
      : undefined;
  return { method: 'POST', path: '/api/campaigns', body: text, ...(contentType === undefined ? {} : { contentType }) };
}

function randomText(rng: Rng): string {
  const pieces = [
    'x',
    'beta',
    '(',
    ')',
    '+',
    '-',
    '*',
    '/',
    '^',
    'sigmoid',
    'relu',
    'tanh',
    '1e309',
    '0.5',
    ',',
    ';',
    '=',
    ' ',
    'max(',
    'sin(',
    '\u00e9',
    'sigmod',
    '**',
  ];
  return Array.from({ length: rng.int(30) }, () => rng.pick(pieces)).join('');
}

function randomQuery(rng: Rng): string {
  const keys = ['limit', 'cursor', 'status', 'task', 'fidelity', 'campaign', 'state', 'lang', 'name', 'minSeeds', 'owner', 'junk'];
  const values = [
    '',
    '0',
    '-1',
    '1',
    '50',
    '1e3',
    'abc',
    'done',
    'running,paused',
    'screen',
    'mnist-mlp',
    'numpy',
    '%00',
    '%E2%82%AC',
    'eyJ4Ijox',
  ];
  return Array.from({ length: rng.int(4) }, () => `${rng.pick(keys)}=${rng.pick(values)}`).join('&');
}

function otherRequest(rng: Rng): Sent {
  const kind = rng.int(3);
  if (kind === 0)
    return {
      method: 'POST',
      path: '/api/expr/parse',
      body: JSON.stringify(rng.int(4) === 0 ? randomJunk(rng) : { text: randomText(rng) }),
    };
  if (kind === 1) {
    const verb = rng.pick(['pause', 'resume', 'cancel']);
    return {
      method: 'POST',
      path: `/api/campaigns/${rng.pick(['x', '%20', 'a'.repeat(200), '00000000-0000-0000-0000-000000000000'])}/${verb}`,
      body: JSON.stringify(randomJunk(rng)),
    };
  }
  const path = rng.pick([
    '/api/campaigns',
    '/api/leaderboard',
    '/api/campaigns/x/candidates',
    '/api/activations/0123456789abcdef/export',
    '/api/activations/zz',
  ]);
  return { method: 'GET', path: `${path}?${randomQuery(rng)}` };
}

/** Text PostgreSQL cannot store or JSON cannot express as a double, as it appears in JSON source. */
const HOSTILE_JSON = [
  '"\\u0000"',
  '"a\\u0000b"',
  '"\\ud800"',
  '"\\udfff"',
  '"x\\ud83d"',
  '"\\ud83d\\u0000"',
  '1e309',
  '-1e309',
  '1e999999',
  '-1e400',
];
/** The same in a URL: escapes of NUL, of a surrogate's UTF-8, truncated or non-hex escapes, overlong UTF-8. */
const HOSTILE_URL = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%E0%A4%A',
  '%',
  '%G1',
  '%C3',
  '%FF',
  '%C0%80',
  '%F4%90%80%80',
  '%%',
  '%0',
  '%u0000',
  '%2500',
];
const HARMLESS_URL = [
  'x',
  'spirals-mlp',
  'screen',
  '0123456789abcdef',
  '00000000-0000-0000-0000-000000000000',
  '%F0%9F%98%80',
  '%2F',
  '%20',
  '1',
];

function hostileUrlPart(rng: Rng): string {
  return rng.int(3) === 0 ? rng.pick(HARMLESS_URL) : rng.pick(HARMLESS_URL) + rng.pick(HOSTILE_URL) + rng.pick(['', 'x', '%41']);
}

/** A JSON text of the campaign body with 1–3 values (or keys) replaced by hostile ones, at any depth. */
function hostileSubmission(rng: Rng): string {
  const body = campaignBody({ strategy: { name: 'surrogate', config: { baselines: ['relu(x)', 'x * sigmoid(x)'] } }, seeds: [0, 1] });
  const marks: string[] = [];
  const mark = () => {
    const m = `@@${marks.length}@@`;
    marks.push(rng.pick(HOSTILE_JSON));
    return m;
  };
  const slots: (() => void)[] = [
    () => (body.name = mark()),
    () => (body.space = mark()),
    () => (body.tasks = [mark()]),
    () => (body.fidelity = mark()),
    () => (body.budget = { candidates: mark() }),
    () => (body.budget = mark()),
    () => (body.seed = mark()),
    () => (body.seeds = [0, mark()]),
    () => (body.parallelism = mark()),
    () => (body.strategy = { name: 'surrogate', config: { baselines: ['relu(x)', mark()] } }),
    () => (body.strategy = { name: mark(), config: {} }),
    () => (body.strategy = { name: 'random', config: { deep: [[{ x: mark() }]] } }),
    () => (body.rejection = { quality: { minMetric: mark() } }),
  ];
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) rng.pick(slots)();
  let text = JSON.stringify(body).replace(/"@@(\d+)@@"/g, (_m, i: string) => marks[Number(i)] as string);
  // A hostile key instead of (or besides) a value.
  if (rng.int(4) === 0) text = `{"${rng.pick(['\\u0000', 'a\\ud800', '\\udc00name'])}": 1, ${text.slice(1)}`;
  return text;
}

function hostileRequest(rng: Rng): Sent {
  const kind = rng.int(12);
  if (kind < 3) return { method: 'POST', path: '/api/campaigns', body: hostileSubmission(rng) };
  if (kind === 3) {
    const text = rng.int(2) === 0 ? `{"text": ${rng.pick(HOSTILE_JSON)}}` : `{"text": "relu(x) + ${rng.pick(HOSTILE_JSON)}"}`;
    return { method: 'POST', path: '/api/expr/parse', body: text };
  }
  if (kind === 4) {
    const verb = rng.pick(['pause', 'resume', 'cancel']);
    return { method: 'POST', path: `/api/campaigns/${hostileUrlPart(rng)}/${verb}`, body: `{"reason": ${rng.pick(HOSTILE_JSON)}}` };
  }
  if (kind < 8) {
    const path = rng.pick([
      '/api/campaigns/',
      '/api/campaigns/x/candidates/'.slice(0, -1),
      '/api/activations/',
      '/api/spaces/',
      '/api/campaigns/',
    ]);
    const tail = path.endsWith('/') ? hostileUrlPart(rng) : '';
    const suffix = rng.pick(['', '/candidates', '/events', '/export?lang=numpy', '/report']);
    return { method: 'GET', path: `${path}${tail}${tail === '' ? '' : suffix}` };
  }
  const keys = ['task', 'fidelity', 'campaign', 'owner', 'status', 'cursor', 'limit', 'minSeeds', 'state', hostileUrlPart(rng)];
  const query = Array.from(
    { length: 1 + rng.int(3) },
    () => `${rng.pick(keys)}=${rng.int(3) === 0 ? rng.pick(HARMLESS_URL) : hostileUrlPart(rng)}`,
  ).join('&');
  return {
    method: 'GET',
    path: `${rng.pick(['/api/campaigns', '/api/leaderboard', '/api/campaigns/x/candidates', '/api/workers', '/api/tasks'])}?${query}`,
  };
}

async function injectOne(req: Sent): Promise<number> {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const res = await inject(api.app as unknown as Parameters<typeof inject>[0], {
    method: req.method,
    url: req.path,
    headers,
    ...(req.body === undefined ? {} : { payload: req.body }),
  });
  return res.statusCode;
}

async function runAll(
  requests: readonly Sent[],
  concurrency: number,
  deliver: (req: Sent) => Promise<number> = send,
): Promise<Map<number, Sent[]>> {
  const byStatus = new Map<number, Sent[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const req = requests[next++] as Sent;
        const status = await deliver(req);
        byStatus.set(status, [...(byStatus.get(status) ?? []).slice(0, 4), req]);
      }
    }),
  );
  return byStatus;
}

it(`${SUBMISSIONS} malformed campaign submissions all answer 4xx and create nothing; random expressions, transitions and queries never answer 5xx`, async () => {
  const rng = new Rng(SEED);
  const submissions = Array.from({ length: SUBMISSIONS }, () => malformedSubmission(rng));
  const others = Array.from({ length: 1_000 }, () => otherRequest(rng));
  const before = (await engine.store.campaigns.list()).items.length;
  const started = Date.now();
  const submitted = await runAll(submissions, 8);
  const other = await runAll(others, 8);
  const seconds = (Date.now() - started) / 1000;
  const statuses = [...submitted.keys()].sort();
  expect(
    statuses.every((s) => [400, 413, 415].includes(s)),
    `statuses ${statuses.join(', ')}; e.g. ${JSON.stringify([...submitted.entries()].filter(([s]) => ![400, 413, 415].includes(s)).map(([s, r]) => [s, r[0]]))}`,
  ).toBe(true);
  expect((await engine.store.campaigns.list()).items.length).toBe(before);
  const serverErrors = [...other.entries()].filter(([s]) => s >= 500);
  expect(serverErrors, JSON.stringify(serverErrors)).toEqual([]);
  expect([...other.keys()].some((s) => s === 200)).toBe(true);
  console.log(
    `fuzz: ${SUBMISSIONS + others.length} requests in ${seconds.toFixed(1)} s; submission statuses ${statuses.join(', ')}; others ${[...other.keys()].sort().join(', ')}`,
  );
}, 180_000);

it(`${HOSTILE} requests with NUL bytes, lone surrogates, malformed escapes and overflowing numbers never answer 5xx, and create nothing`, async () => {
  const rng = new Rng(SEED + 1);
  const requests = Array.from({ length: HOSTILE }, () => hostileRequest(rng));
  const before = (await engine.store.campaigns.list()).items.length;
  const started = Date.now();
  const byStatus = await runAll(requests, 8, injectOne);
  const seconds = (Date.now() - started) / 1000;
  const serverErrors = [...byStatus.entries()].filter(([s]) => s >= 500);
  expect(serverErrors, JSON.stringify(serverErrors)).toEqual([]);
  expect((await engine.store.campaigns.list()).items.length).toBe(before);
  // The gate is what answers most of them: without it these would reach the database.
  expect(byStatus.has(400)).toBe(true);
  console.log(
    `fuzz: ${HOSTILE} hostile requests in ${seconds.toFixed(1)} s (${(HOSTILE / seconds).toFixed(0)}/s); statuses ${[...byStatus.keys()].sort().join(', ')}`,
  );
}, 1_200_000);
