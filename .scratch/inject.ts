import inject from 'light-my-request';
import { apiOver, startEngine, TOKEN } from '../test/integration/api/harness.ts';

const engine = await startEngine('embedded');
const api = apiOver(engine, { config: { rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } } });
const dispatch = api.app as unknown as Parameters<typeof inject>[0];
const send = async (method: 'GET' | 'POST', url: string, payload?: string) =>
  (await inject(dispatch, { method, url, payload, headers: { authorization: `Bearer ${TOKEN}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) } })).statusCode;
const kinds: [string, () => Promise<number>][] = [
  ['gate GET', () => send('GET', '/api/campaigns/%00')],
  ['404 GET', () => send('GET', '/api/campaigns/x')],
  ['gate POST', () => send('POST', '/api/campaigns', '{"name":"\\u0000"}')],
  ['parse POST', () => send('POST', '/api/expr/parse', '{"text":"relu(x) + 1"}')],
  ['tasks', () => send('GET', '/api/tasks')],
];
for (const [name, f] of kinds) {
  const n = 1000; const t = Date.now(); let i = 0;
  await Promise.all(Array.from({ length: 8 }, async () => { while (i++ < n) await f(); }));
  console.log(name, ((n / (Date.now() - t)) * 1000).toFixed(0), '/s', await f());
}
api.close(); await engine.close();
