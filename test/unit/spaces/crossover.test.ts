import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';
import { crossover, isGenome, sample } from '@actsearch/spaces';
import { mixedSpace, tree } from './fixtures.ts';

describe('crossover', () => {
  const space = mixedSpace([tree('unary(unary(x))'), tree('binary(unary(x),unary(x))'), { type: 'units', min: 1, max: 3 }]);

  it('always returns a valid member, across shapes too', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 2000; i++) {
      const child = crossover(sample(space, rng), sample(space, rng), space, rng);
      expect(isGenome(space, child)).toBe(true);
    }
  });

  it('takes each position from one of two same-shape parents, mixing both', () => {
    const rng = new Rng(8);
    const a = [1, 0, 0, 0];
    const b = [1, 2, 3, 3];
    const children = Array.from({ length: 64 }, () => crossover(a, b, space, rng));
    for (const c of children) c.forEach((v, i) => expect([a[i], b[i]]).toContain(v));
    expect(new Set(children.map((c) => c.join(','))).size).toBe(8);
  });

  it('keeps core units whole: each unit comes entirely from one parent', () => {
    const rng = new Rng(9);
    const a = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const b = [3, 0, 0, 3, 3, 2, 1, 1, 3, 3, 2];
    for (let i = 0; i < 50; i++) {
      const c = crossover(a, b, space, rng);
      for (const unit of [c.slice(1, 6), c.slice(6, 11)]) {
        expect([unit.every((v) => v === 0), unit.join() === b.slice(1, 6).join() || unit.join() === b.slice(6, 11).join()]).toContain(true);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const rng = new Rng(10);
      return Array.from({ length: 20 }, () => crossover(sample(space, rng), sample(space, rng), space, rng));
    };
    expect(run()).toEqual(run());
  });
});
