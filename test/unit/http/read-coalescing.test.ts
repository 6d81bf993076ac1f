import { describe, expect, it } from 'vitest';
import { ReadCoalescer } from '../../../packages/http/src/read-coalescing.ts';
import type { Reply } from '../../../packages/http/src/route.ts';

/** A computation that answers when told to, counting how often it started. */
function gate() {
  let release: (reply: Reply) => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  let started = 0;
  return {
    compute: () => {
      started++;
      return new Promise<Reply>((resolve, reject) => {
        release = resolve;
        fail = reject;
      });
    },
    release: (reply: Reply) => release(reply),
    fail: (err: Error) => fail(err),
    get started() {
      return started;
    },
  };
}

describe('ReadCoalescer', () => {
  it('answers identical reads made while one is running from that one computation, with one JSON text', async () => {
    const reads = new ReadCoalescer();
    const g = gate();
    const waiting = Array.from({ length: 5 }, () => reads.run('k', g.compute));
    g.release({ status: 200, body: { n: 1n, items: [1, 2] } });
    const answers = await Promise.all(waiting);
    expect(g.started).toBe(1);
    expect(reads.joined).toBe(4);
    const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
    expect(new Set(answers.map((a) => a.json(replacer)))).toEqual(new Set(['{"n":"1","items":[1,2]}']));
  });

  it('computes afresh for a read that arrives after the running one has answered', async () => {
    const reads = new ReadCoalescer();
    const g = gate();
    const first = reads.run('k', g.compute);
    g.release({ status: 200, body: { v: 1 } });
    await first;
    const second = reads.run('k', g.compute);
    g.release({ status: 200, body: { v: 2 } });
    expect((await second).reply).toEqual({ status: 200, body: { v: 2 } });
    expect(g.started).toBe(2);
    expect(reads.size).toBe(0);
  });

  it('never shares between different keys', async () => {
    const reads = new ReadCoalescer();
    const a = gate();
    const b = gate();
    const pa = reads.run('a', a.compute);
    const pb = reads.run('b', b.compute);
    a.release({ status: 200, body: 'a' });
    b.release({ status: 200, body: 'b' });
    expect([(await pa).reply, (await pb).reply]).toEqual([
      { status: 200, body: 'a' },
      { status: 200, body: 'b' },
    ]);
    expect(reads.joined).toBe(0);
  });

  it('gives a failure to every read that shared it, and forgets it', async () => {
    const reads = new ReadCoalescer();
    const g = gate();
    const waiting = [reads.run('k', g.compute), reads.run('k', g.compute)];
    g.fail(new Error('database gone'));
    await expect(Promise.all(waiting)).rejects.toThrow('database gone');
    expect(reads.size).toBe(0);
    const again = reads.run('k', g.compute);
    g.release({ status: 200, body: 'ok' });
    expect((await again).reply).toEqual({ status: 200, body: 'ok' });
  });
});
