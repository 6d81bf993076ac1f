import { describe, expect, it } from 'vitest';
import { features, parse } from '@actsearch/expr';

const f = (text: string) => features(parse(text));

describe('features', () => {
  it('describe relu: range, zero gradient on the negative half, monotone, slopes 0 and 1', () => {
    const r = f('relu(x)');
    expect(r.min).toBe(0);
    expect(r.max).toBeGreaterThan(2);
    expect(r.range).toBe(r.max - r.min);
    expect(r.fractionNonFinite).toBe(0);
    expect(r.fractionZeroGradient).toBeGreaterThan(0.4);
    expect(r.fractionZeroGradient).toBeLessThan(0.6);
    expect(r.isMonotonic).toBe(true);
    expect(r.monotonicity).toBeGreaterThan(0.4);
    expect([r.valueAt0, r.slopeAt0, r.slopeAtMinus5, r.slopeAtPlus5]).toEqual([0, 0, 0, 1]);
    expect(r.isConstant || r.isLinear).toBe(false);
  });

  it('recognise constant and linear functions', () => {
    const c = f('sigmoid(2) + 0 * x');
    expect(c.isConstant).toBe(true);
    expect(c.isLinear).toBe(true);
    expect(c.std).toBeLessThan(1e-12);
    expect(c.monotonicity).toBe(0);
    const l = f('3 * x - 1');
    expect(l.isLinear).toBe(true);
    expect(l.isConstant).toBe(false);
    expect(l.slopeAt0).toBe(3);
    expect(l.monotonicity).toBe(1);
    expect(f('-x').monotonicity).toBe(-1);
    expect(f('x * x').isLinear).toBe(false);
  });

  it('measure non-finite outputs and periodic shape', () => {
    const s = f('sqrt(x)');
    expect(s.fractionNonFinite).toBeGreaterThan(0.4);
    expect(s.fractionNonFinite).toBeLessThan(0.6);
    expect(s.isLinear).toBe(false);
    const sin = f('sin(3 * x)');
    expect(sin.isMonotonic).toBe(false);
    expect(Math.abs(sin.monotonicity)).toBeLessThan(0.3);
    const nan = f('log(-abs(x))');
    expect(nan.fractionNonFinite).toBe(1);
    expect(nan.mean).toBeNaN();
  });

  it('compute mean and std of the outputs and slopes at the removable singularities', () => {
    const t = f('tanh(x)');
    expect(Math.abs(t.mean)).toBeLessThan(0.1);
    expect(t.std).toBeGreaterThan(0.4);
    expect(t.std).toBeLessThan(0.8);
    expect(t.slopeAt0).toBe(1);
    expect(f('sinc(x)').slopeAt0).toBeCloseTo(0, 6);
    expect(f('bessel_i1e(x)').slopeAt0).toBeCloseTo(0.5, 6);
    expect(f('swish(x)').slopeAt0).toBeCloseTo(0.5, 12);
  });
});
