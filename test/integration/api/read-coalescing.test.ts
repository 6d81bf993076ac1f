/**
 * Identical reads in flight share one answer over the real app and engine: concurrent GETs of one
 * leaderboard page run the handler once and all get the same body; a read after that answer sees a
 * newer state; different pages, and mutating routes, are never shared.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp, type ApiApp } from '@actsearch/http';
import { apiOver, startEngine, type ApiHarness, type EngineHarness } from './harness.ts';

let engine: EngineHarness;
let api: ApiHarness;
let app: ApiApp;
let base = '';
let close: () => Promise<void> = async () => undefined;
let leaderboardCalls = 0;
/** Leaderboard reads wait for this; `arm` makes them wait until `releaseReads`, so requests really overlap. */
let hold = Promise.resolve();
let releaseReads: () => void = () => undefined;

function arm(): void {
  hold = new Promise((resolve) => {
    releaseReads = () => {
      resolve();
      hold = Promise.resolve();
    };
  });
}

beforeAll(async () => {
  engine = await startEngine('embedded');
  const store = engine.store;
  const original = store.leaderboard.bind(store);
  store.leaderboard = async (query) => {
    leaderboardCalls++;
    await hold;
    return original(query);
  };
  api = apiOver(engine);
  app = createApiApp(api.ctx);
  const server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close();
  app?.closeStreams();
  api?.close();
  await engine?.close();
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('identical reads in flight', () => {
  it('run the leaderboard handler once for 20 concurrent identical GETs, and all 20 get its body', async () => {
    arm();
    leaderboardCalls = 0;
    const path = `${base}/api/leaderboard?task=spirals-mlp&fidelity=screen&limit=10`;
    const joined = app.reads.joined;
    const responses = Array.from({ length: 20 }, () => fetch(path));
    // The first is held in the store; release it once the other 19 have arrived and joined it.
    await until(() => app.reads.joined - joined >= 19);
    releaseReads();
    const answers = await Promise.all(responses);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(answers.every((r) => r.headers.get('content-type')?.startsWith('application/json'))).toBe(true);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0] as string)).toHaveProperty('items');
    expect(leaderboardCalls).toBe(1);
  });

  it('computes a read that arrives after the shared answer afresh', async () => {
    leaderboardCalls = 0;
    const path = `${base}/api/leaderboard?task=spirals-mlp&fidelity=screen&limit=10`;
    expect((await fetch(path)).status).toBe(200);
    expect((await fetch(path)).status).toBe(200);
    expect(leaderboardCalls).toBe(2);
  });

  it('never shares between different pages', async () => {
    arm();
    leaderboardCalls = 0;
    const responses = [5, 6, 7].map((limit) => fetch(`${base}/api/leaderboard?task=spirals-mlp&fidelity=screen&limit=${limit}`));
    await until(() => leaderboardCalls >= 3);
    releaseReads();
    expect((await Promise.all(responses)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(leaderboardCalls).toBe(3);
  });

  it('answers HEAD of a shared read without a body', async () => {
    const res = await fetch(`${base}/api/leaderboard?task=spirals-mlp&fidelity=screen&limit=10`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
