import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiOver, startEngine, TOKEN } from '../test/integration/api/harness.ts';

const engine = await startEngine('embedded');
const api = apiOver(engine, { config: { rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 } } });
const server = api.app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
function send(method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(Buffer.byteLength(body)); }
    const r = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}
const kinds: [string, () => Promise<number>][] = [
  ['gate GET', () => send('GET', '/api/campaigns/%00')],
  ['404 GET', () => send('GET', '/api/campaigns/x')],
  ['gate POST', () => send('POST', '/api/campaigns', '{"name":"\\u0000"}')],
  ['parse POST', () => send('POST', '/api/expr/parse', '{"text":"relu(x) + 1"}')],
  ['leaderboard', () => send('GET', '/api/leaderboard?task=spirals-mlp')],
  ['campaigns', () => send('GET', '/api/campaigns')],
  ['tasks', () => send('GET', '/api/tasks')],
];
for (const [name, f] of kinds) {
  const n = 1000; const t = Date.now(); let i = 0;
  await Promise.all(Array.from({ length: 8 }, async () => { while (i++ < n) await f(); }));
  console.log(name, ((n / (Date.now() - t)) * 1000).toFixed(0), '/s');
}
agent.destroy(); api.close(); server.close(); await engine.close();
