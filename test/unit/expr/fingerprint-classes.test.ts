import { describe, expect, it } from 'vitest';
import { fingerprint, parse, substitute } from '@actsearch/expr';

// PANGAEA (Bingham & Miikkulainen): 27 unary and 7 binary operators (search-spaces/pangaea.yaml, docs/spaces.md).
const UNARY = [
  '0',
  '1',
  'x',
  '-x',
  'abs(x)',
  'reciprocal(x)',
  'square(x)',
  'exp(x)',
  'erf(x)',
  'erfc(x)',
  'sinh(x)',
  'cosh(x)',
  'tanh(x)',
  'expm1(x)',
  'sigmoid(x)',
  'log_sigmoid(x)',
  'arcsinh(x)',
  'arctan(x)',
  'bessel_i0e(x)',
  'bessel_i1e(x)',
  'relu(x)',
  'elu(x)',
  'selu(x)',
  'swish(x)',
  'softplus(x)',
  'softsign(x)',
  'hard_sigmoid(x)',
];
const BINARY = ['x1 + x2', 'x1 - x2', 'x1 * x2', 'x1 / x2', 'x1 ^ x2', 'max(x1, x2)', 'min(x1, x2)'];

describe('fingerprint classes of the PANGAEA space', () => {
  it('dedupes binary(unary(x), unary(x)) (5,103 members) to the published 2,913 ± 10 functions', () => {
    const unary = UNARY.map((t) => parse(t));
    const members = BINARY.flatMap((b) => {
      const template = parse(b, { variables: ['x1', 'x2'] });
      return unary.flatMap((u1) => unary.map((u2) => substitute(template, { x1: u1, x2: u2 })));
    });
    expect(members.length).toBe(5103);
    const classes = new Set(members.map(fingerprint)).size;
    // Measured: 2,906 (the paper: 2,913; an independent float32 recount: 2,910).
    expect(classes).toBe(2906);
    expect(Math.abs(classes - 2913)).toBeLessThanOrEqual(10);
  });

  it('dedupes unary(unary(x)) (729 members) to fewer functions than members', () => {
    const unary = UNARY.map((t) => parse(t));
    const members = unary.flatMap((outer) => unary.map((inner) => substitute(outer, { x: inner })));
    expect(members.length).toBe(729);
    const classes = new Set(members.map(fingerprint)).size;
    expect(classes).toBe(553); // measured; many members coincide, e.g. relu(relu(x)) and relu(x)
  });
});
