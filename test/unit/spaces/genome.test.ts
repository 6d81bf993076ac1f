import { describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { checkGenome, decisionsAt, isGenome } from '@actsearch/spaces';
import { mixedSpace, tree } from './fixtures.ts';

describe('decisionsAt', () => {
  const space = mixedSpace([tree('unary(unary(x))'), tree('binary(unary(x),unary(x))'), { type: 'units', min: 1, max: 2 }]);

  it('starts with the shape decision labelled by shape', () => {
    const d = decisionsAt(space, []);
    expect(d).toMatchObject({ position: 0, kind: 'shape', size: 4 });
    expect(d?.labels).toEqual(['unary(unary(x))', 'binary(unary(x),unary(x))', '1 core unit', '2 core units']);
  });

  it('walks a tree shape top-down: the binary slot, then its two unary arguments', () => {
    expect(decisionsAt(space, [1])).toMatchObject({ kind: 'binary', path: 'root', size: 3, labels: ['add', 'mul', 'max'] });
    expect(decisionsAt(space, [1, 2])).toMatchObject({ kind: 'unary', path: 'root.1', size: 4 });
    expect(decisionsAt(space, [1, 2, 0])).toMatchObject({
      kind: 'unary',
      path: 'root.2',
      labels: ['identity', 'negative', 'sin', 'beta_x'],
    });
    expect(decisionsAt(space, [1, 2, 0, 3])).toBeNull();
  });

  it('offers x and every earlier unit as inputs of a later unit', () => {
    const unit1 = [3, 0, 0, 1, 2, 0];
    expect(decisionsAt(space, [3])).toMatchObject({ kind: 'input', path: 'unit1.input1', size: 1, labels: ['x'] });
    expect(decisionsAt(space, unit1)).toMatchObject({ kind: 'input', path: 'unit2.input1', size: 2, labels: ['x', 'unit1'] });
    expect(decisionsAt(space, [...unit1, 1, 0, 2])).toMatchObject({ kind: 'unary', path: 'unit2.unary2' });
    expect(decisionsAt(space, [...unit1, 1, 0, 2, 2, 1])).toBeNull();
  });

  it('rejects a prefix with an out-of-range value, naming its position', () => {
    expect(() => decisionsAt(space, [1, 3])).toThrow(ValidationError);
    try {
      decisionsAt(space, [1, 0, 7]);
    } catch (err) {
      expect((err as ValidationError).fields[0]?.path).toBe('genome[2]');
    }
    expect(() => decisionsAt(space, [4])).toThrow(/genome\[0\]/);
    expect(() => decisionsAt(space, [0, 0, 0, 0])).toThrow(/has 3 values/);
  });
});

describe('checkGenome', () => {
  const space = mixedSpace();

  it('accepts complete members and rejects partial, oversized, fractional and non-array ones', () => {
    expect(isGenome(space, [0, 1, 2])).toBe(true);
    expect(isGenome(space, [0, 1])).toBe(false);
    expect(isGenome(space, [0, 1, 2, 3])).toBe(false);
    expect(isGenome(space, [0, 1.5, 2])).toBe(false);
    expect(isGenome(space, [0, -1, 2])).toBe(false);
    expect(isGenome(space, 'abc')).toBe(false);
    expect(isGenome(space, [])).toBe(false);
    expect(() => checkGenome(space, [2, 1, 0, 0, 0, 0])).toThrow(/genome\[1\] \(unit1.input1\) must be an integer in \[0, 1\)/);
  });
});
