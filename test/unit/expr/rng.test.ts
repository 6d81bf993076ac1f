import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('continues the same stream after a JSON round-trip of its state', () => {
    const a = new Rng(7);
    a.next();
    const copy = Rng.fromState(JSON.parse(JSON.stringify(a.state())));
    expect(copy.next()).toBe(a.next());
    expect(copy.int(1000)).toBe(a.int(1000));
  });

  it('draws normals with mean ≈ 0 and variance ≈ 1', () => {
    const r = new Rng(1);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });

  it('draws integers uniformly in range', () => {
    const r = new Rng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[r.int(4)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(1800);
    expect(() => r.int(0)).toThrow(RangeError);
  });
});
