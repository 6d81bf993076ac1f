import { describe, expect, it } from 'vitest';
import { call, compileExpr, evaluate, evaluateArray, listOps, parse, probePoints, PROBE_COUNT, Rng, variable, X } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { randomExpr } from './random-expr.ts';

describe('evaluate', () => {
  it('computes float64 values with parameters at their initial values unless given', () => {
    const e = parse('x * sigmoid(beta * x); beta = 1.5');
    expect(evaluate(e, 2)).toBeCloseTo(2 / (1 + Math.exp(-3)), 15);
    expect(evaluate(e, 2, { beta: 1 })).toBeCloseTo(2 / (1 + Math.exp(-2)), 15);
    expect(evaluate(parse('1 / x'), 0)).toBe(Infinity);
    expect(evaluate(parse('sqrt(x)'), -1)).toBeNaN();
    expect(evaluate(parse('x^0.5'), -1)).toBeNaN();
    expect(evaluate(parse('1^x'), NaN)).toBe(1); // C pow, as NumPy, PyTorch and TF compute it
  });

  it('refuses variables other than x and unknown ops with a ValidationError', () => {
    expect(() => evaluate(variable('x1'), 1)).toThrow(ValidationError);
    expect(() => evaluate(call('frobnicate', X), 1)).toThrow(ValidationError);
    expect(() => compileExpr(call('add', X))).toThrow(ValidationError);
  });
});

describe('evaluateArray and compileExpr', () => {
  it('agree exactly with the scalar evaluation on random trees over every op', () => {
    const rng = new Rng(5);
    const xs = probePoints();
    for (let i = 0; i < 300; i++) {
      const e = randomExpr(rng, 5);
      const ys = evaluateArray(e, xs);
      for (let k = 0; k < xs.length; k += 37) {
        const want = evaluate(e, xs[k] as number);
        expect(Object.is(ys[k], want) || ys[k] === want, `${JSON.stringify(e)} at ${xs[k]}`).toBe(true);
      }
    }
  });

  it('rounds every input, constant and op result to float32 on the f32 path', () => {
    const xs = Float64Array.from([0.1, 1 / 3, -2.7]);
    const e = parse('x * 0.1 + exp(x)');
    const got = evaluateArray(e, xs, { precision: 'f32' });
    const r = Math.fround;
    xs.forEach((x, i) => expect(got[i]).toBe(r(r(r(x) * r(0.1)) + r(Math.exp(r(x))))));
    expect(evaluateArray(parse('exp(x)'), Float64Array.from([100]), { precision: 'f32' })[0]).toBe(Infinity);
    expect(evaluateArray(parse('exp(x)'), Float64Array.from([100]))[0]).toBeCloseTo(Math.exp(100), 0);
  });

  it('stays within float32 accuracy of float64 for every op on the probe points', () => {
    const xs = probePoints().map((x) => x * 0.8);
    for (const op of listOps()) {
      const e = call(op.name, X, ...Array.from({ length: op.arity - 1 }, (_, i) => parse(String(0.5 + 0.25 * i))));
      const f64 = evaluateArray(e, xs);
      const f32 = evaluateArray(e, xs, { precision: 'f32' });
      xs.forEach((_, i) => {
        const a = f64[i] as number;
        const b = f32[i] as number;
        if (!Number.isFinite(a)) return;
        expect(Math.abs(a - b), `${op.name}(${xs[i]})`).toBeLessThanOrEqual(1e-5 * Math.abs(a) + 1e-6);
      });
    }
  });

  it('writes into Float32Array outputs and takes parameter values per call', () => {
    const run = compileExpr(parse('beta * x'), 'f64');
    const out = new Float32Array(3);
    run([1, 2, 3], out, { beta: 0.5 });
    expect([...out]).toEqual([0.5, 1, 1.5]);
    run([1, 2, 3], out);
    expect([...out]).toEqual([1, 2, 3]);
    expect(() => run([1, 2, 3], new Float64Array(2))).toThrow(RangeError);
  });

  it('returns the same compiled function for the same tree', () => {
    const e = parse('swish(x)');
    expect(compileExpr(e)).toBe(compileExpr(e));
    expect(compileExpr(e, 'f32')).not.toBe(compileExpr(e, 'f64'));
  });
});

describe('probePoints', () => {
  it('are 1,000 float32 N(0,1) draws clipped to ±5, the same on every call', () => {
    const p = probePoints();
    expect(p.length).toBe(PROBE_COUNT);
    expect(probePoints()).toEqual(p);
    let s = 0;
    let s2 = 0;
    for (const v of p) {
      expect(Math.abs(v)).toBeLessThanOrEqual(5);
      expect(Math.fround(v)).toBe(v);
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / 1000)).toBeLessThan(0.1);
    expect(Math.abs(s2 / 1000 - 1)).toBeLessThan(0.15);
    p[0] = 99;
    expect(probePoints()[0]).not.toBe(99);
  });
});
