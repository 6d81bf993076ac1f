import { describe, expect, it } from 'vitest';
import { count, countShape, enumerate, rank, unrank } from '@actsearch/spaces';
import { mixedSpace, tree } from './fixtures.ts';

describe('count and enumerate', () => {
  const space = mixedSpace([
    tree('unary(unary(x))'),
    tree('binary(unary(x),unary(x))'),
    tree('mul(x, unary(x))'),
    { type: 'units', min: 1, max: 2 },
  ]);

  it('counts each shape as the product of its decision sizes', () => {
    // 4 unary, 3 binary; unit k has k² input choices.
    expect(space.shapes.map((s) => countShape(s))).toEqual([16n, 48n, 4n, 48n, 48n * 4n * 16n * 3n]);
    expect(count(space)).toBe(16n + 48n + 4n + 48n + 9216n);
  });

  it('enumerates exactly count members, all distinct, in rank order', () => {
    const all = [...enumerate(space)];
    expect(BigInt(all.length)).toBe(count(space));
    expect(new Set(all.map((g) => g.join(','))).size).toBe(all.length);
    all.forEach((g, i) => {
      if (i % 97 === 0) {
        expect(rank(space, g)).toBe(BigInt(i));
        expect(unrank(space, BigInt(i))).toEqual(g);
      }
    });
    expect(all[0]).toEqual([0, 0, 0]);
    expect(all[all.length - 1]).toEqual([4, 0, 0, 3, 3, 2, 1, 1, 3, 3, 2]);
  });

  it('enumerates one shape on request', () => {
    const only = [...enumerate(space, { shape: 1 })];
    expect(only).toHaveLength(48);
    expect(only.every((g) => g[0] === 1)).toBe(true);
  });

  it('is lazy: the first members of a space of 10^12 come at once', () => {
    const big = mixedSpace([{ type: 'units', min: 3, max: 6 }]);
    expect(count(big) > 10n ** 12n).toBe(true);
    const it = enumerate(big);
    expect(it.next().value).toEqual([0, ...Array<number>(15).fill(0)]);
    expect(it.next().value).toEqual([0, ...Array<number>(14).fill(0), 1]);
  });

  it('refuses indexes outside the space', () => {
    expect(() => unrank(space, count(space))).toThrow(/out of range/);
    expect(() => unrank(space, -1n)).toThrow(/≥ 0/);
  });
});
