import { describe, expect, it } from 'vitest';
import { call, param, X } from '@actsearch/expr';
import { decode, genomeLabel } from '@actsearch/spaces';
import { mixedSpace, tree } from './fixtures.ts';

describe('decode', () => {
  const space = mixedSpace([tree('binary(unary(x),unary(x))'), tree('mul(x,unary(x))'), { type: 'units', min: 1, max: 2 }]);

  it('substitutes the chosen templates into the shape', () => {
    expect(decode(space, [0, 2, 2, 1])).toEqual(call('max', call('sin', X), call('neg', X)));
    expect(decode(space, [1, 2])).toEqual(call('mul', X, call('sin', X)));
  });

  it('gives every use of a parametric operator its own parameter, numbered in reading order', () => {
    const beta = (name: string) => param(name, 1);
    expect(decode(space, [0, 0, 3, 3])).toEqual(call('add', call('mul', beta('beta'), X), call('mul', beta('beta2'), X)));
  });

  it('wires core units: a later unit reads x or an earlier unit, sharing its parameter', () => {
    // unit1 = beta*x + x; unit2 = max(sin(unit1), -unit1)
    const unit1 = call('add', call('mul', param('beta', 1), X), X);
    expect(decode(space, [2, 0, 0, 3, 0, 0])).toEqual(unit1);
    expect(decode(space, [3, 0, 0, 3, 0, 0, 1, 1, 2, 1, 2])).toEqual(call('max', call('sin', unit1), call('neg', unit1)));
  });

  it('refuses a genome that is not a member', () => {
    expect(() => decode(space, [0, 3, 0, 0])).toThrow(/genome\[1\]/);
  });
});

describe('genomeLabel', () => {
  const space = mixedSpace([tree('binary(unary(x),unary(x))'), tree('mul(x,unary(x))'), { type: 'units', min: 1, max: 2 }]);

  it('writes a member with the space operator names, in the PANGAEA text form', () => {
    expect(genomeLabel(space, [0, 2, 2, 1])).toBe('max(sin(x),negative(x))');
    expect(genomeLabel(space, [1, 3])).toBe('mul(x,beta_x(x))');
    expect(genomeLabel(space, [3, 0, 0, 3, 0, 0, 1, 0, 2, 1, 2])).toBe('max(sin(add(beta_x(x),identity(x))),negative(x))');
  });
});
