import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';
import { buildSpace, isGenome, mutate, mutateWithKind, sample, type MutationKind } from '@actsearch/spaces';
import { binaryOps, mixedSpace, tree, unaryOps } from './fixtures.ts';

describe('mutate', () => {
  const space = mixedSpace([tree('unary(unary(x))'), tree('binary(unary(x),unary(x))'), { type: 'units', min: 1, max: 3 }]);

  it('always returns a different valid member, and uses every kind of change', () => {
    const rng = new Rng(1);
    const kinds = new Map<MutationKind, number>();
    for (let i = 0; i < 2000; i++) {
      const parent = sample(space, rng);
      const { kind, genome } = mutateWithKind(parent, space, rng);
      expect(isGenome(space, genome)).toBe(true);
      expect(genome).not.toEqual(parent);
      if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect([...kinds.keys()].sort()).toEqual(['grow', 'input', 'op', 'shape', 'shrink', 'swap']);
  });

  it('is deterministic for a seed', () => {
    const g = [3, 0, 0, 1, 2, 0, 1, 0, 3, 3, 2];
    const run = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 10 }, () => mutate(g, space, rng));
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('grows by one unit that reads the old output, and never past the maximum', () => {
    const rng = new Rng(2);
    const twoUnits = [3, 0, 0, 1, 2, 0, 1, 0, 3, 3, 2];
    for (let i = 0; i < 50; i++) {
      const grown = mutate(twoUnits, space, rng, { kinds: ['grow'] });
      expect(space.shapes[grown[0] as number]?.units).toBe(3);
      expect(grown.slice(1, 11)).toEqual(twoUnits.slice(1));
      expect([grown[11], grown[12]]).toContain(2); // one arm reads unit 2, the old output
    }
    const threeUnits = mutate(twoUnits, space, rng, { kinds: ['grow'] });
    expect(mutate(threeUnits, space, rng, { kinds: ['grow'] })).toEqual(threeUnits);
  });

  it('shrinks by dropping the last unit, and never below the minimum', () => {
    const rng = new Rng(3);
    const twoUnits = [3, 0, 0, 1, 2, 0, 1, 0, 3, 3, 2];
    expect(mutate(twoUnits, space, rng, { kinds: ['shrink'] })).toEqual([2, 0, 0, 1, 2, 0]);
    expect(mutate([2, 0, 0, 1, 2, 0], space, rng, { kinds: ['shrink'] })).toEqual([2, 0, 0, 1, 2, 0]);
  });

  it('swaps the two like subtrees of a binary slot', () => {
    const rng = new Rng(4);
    expect(mutate([1, 2, 0, 3], space, rng, { kinds: ['swap'] })).toEqual([1, 2, 3, 0]);
    // Nothing to swap when both arms are equal.
    expect(mutate([1, 2, 3, 3], space, rng, { kinds: ['swap'] })).toEqual([1, 2, 3, 3]);
  });

  it('moves to another shape keeping the operators that fit', () => {
    const rng = new Rng(5);
    const moved = mutate([0, 2, 3], space, rng, { kinds: ['shape'] });
    const shape = space.shapes[moved[0] as number];
    expect(shape?.spec).not.toBe(0);
    if (shape?.label === 'binary(unary(x),unary(x))') expect(moved.slice(2)).toEqual([2, 3]);
    else expect(moved.slice(3, 5)).toEqual([2, 3]);
  });

  it('returns the member itself when the space has only one', () => {
    const one = buildSpace({
      id: 'one',
      version: '1',
      title: 'one',
      unary: unaryOps.slice(0, 1),
      binary: binaryOps.slice(0, 1),
      shapeSpecs: [tree('binary(unary(x),x)')],
    });
    const { kind, genome } = mutateWithKind([0, 0, 0], one, new Rng(0));
    expect(kind).toBeUndefined();
    expect(genome).toEqual([0, 0, 0]);
  });
});
