import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';
import { count, isGenome, randomBelow, sample } from '@actsearch/spaces';
import { mixedSpace, tree } from './fixtures.ts';

describe('sample', () => {
  it('returns the same members for the same seed', () => {
    const space = mixedSpace();
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 20 }, () => sample(space, rng));
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    expect(draw(5).every((g) => isGenome(mixedSpace(), g))).toBe(true);
  });

  it('is uniform over members, not over shapes', () => {
    // 4 members of unary(x) and 48 of binary(unary(x),unary(x)): 52 cells.
    const space = mixedSpace([tree('unary(x)'), tree('binary(unary(x),unary(x))')]);
    const rng = new Rng(11);
    const n = 52_000;
    const hits = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = sample(space, rng).join(',');
      hits.set(key, (hits.get(key) ?? 0) + 1);
    }
    expect(hits.size).toBe(52);
    const expected = n / 52;
    const chi2 = [...hits.values()].reduce((s, h) => s + (h - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(90.6); // p = 0.001 quantile of χ² with 51 degrees of freedom
    const unaryShare = [...hits].filter(([k]) => k.startsWith('0,')).reduce((s, [, h]) => s + h, 0) / n;
    expect(unaryShare).toBeCloseTo(4 / 52, 2);
  });

  it('draws exact uniform integers beyond 2^53', () => {
    const rng = new Rng(3);
    const bound = 3n * 10n ** 20n;
    const draws = Array.from({ length: 200 }, () => randomBelow(rng, bound));
    expect(draws.every((d) => d >= 0n && d < bound)).toBe(true);
    expect(draws.some((d) => d > bound / 2n)).toBe(true);
    expect(draws.some((d) => d < bound / 2n)).toBe(true);
    const space = mixedSpace([{ type: 'units', min: 1, max: 8 }]);
    expect(count(space) > 2n ** 64n).toBe(true);
    expect(isGenome(space, sample(space, rng))).toBe(true);
  });
});
