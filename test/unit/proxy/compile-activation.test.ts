import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateArray, parse } from '@actsearch/expr';
import { compileActivation, enableAutodiff, selectBackend, TF_OPS } from '@actsearch/proxy';

const Z = [-4, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 3, 4.5];

/** The same function by plain TF.js ops, differentiated by the tape (the reference). */
function autodiffReference(text: string, z: tf.Tensor, params: tf.Tensor[]): tf.Tensor {
  const ops = TF_OPS as Record<string, (...a: tf.Tensor[]) => tf.Tensor>;
  const e = parse(text);
  const names = compileActivation(e).paramNames;
  const walk = (n: ReturnType<typeof parse>): tf.Tensor => {
    switch (n.kind) {
      case 'var':
        return z;
      case 'const':
        return tf.scalar(n.value);
      case 'param':
        return params[names.indexOf(n.name)]!;
      case 'call':
        return ops[n.op]!(...n.args.map(walk));
    }
  };
  return walk(e);
}

describe('compiled activations', () => {
  beforeAll(async () => {
    await selectBackend();
    await enableAutodiff();
  });

  it('computes the same values as expr in float32', () => {
    for (const text of ['x * sigmoid(x)', 'max(x, 0) + 0.1 * sin(3 * x)', 'log(1 + exp(x))', 'x * erf(exp(x))', 'bessel_i0e(x) - x']) {
      const act = compileActivation(parse(text));
      const got = tf.tidy(() => act.apply(tf.tensor1d(Z), []).dataSync());
      const ref = evaluateArray(parse(text), Float64Array.from(Z), { precision: 'f32' });
      Z.forEach((_, i) => expect(got[i]).toBeCloseTo(ref[i]!, 5));
      act.dispose();
    }
  });

  for (const [text, perChannel] of [
    ['x * sigmoid(beta * x)', false],
    ['x * sigmoid(beta * x)', true],
    ['max(x, 0) + alpha * min(x, 0) * tanh(x)', true],
    ['softplus(x) * cos(x) - x / (1 + abs(x))', false],
    ['snake(x, beta) + gelu(x)', false],
    ['atan(x) * exp(-beta * x^2); beta = 0.5', true],
  ] as const) {
    it(`gives the autodiff gradient for ${text}${perChannel ? ' (per-channel parameters)' : ''}`, () => {
      const act = compileActivation(parse(text));
      const channels = 3;
      const z = tf.tensor2d(Z.slice(0, 6), [2, channels]);
      const params = act.paramInits.map((v, i) => (perChannel ? tf.tensor1d([v, v + 0.3 * (i + 1), v - 0.2]) : tf.scalar(v + 0.1)));
      const dy = tf.tensor2d([0.3, -1.2, 0.8, 2, -0.5, 1.1], [2, channels]);
      const custom = tf.grads((zz: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.mul(act.applyCustomGrad(zz, ps), dy)));
      const tape = tf.grads((zz: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.mul(autodiffReference(text, zz, ps), dy)));
      const a = custom([z, ...params]);
      const b = tape([z, ...params]);
      expect(a.length).toBe(1 + params.length);
      a.forEach((g, i) => {
        expect(g.shape).toEqual(b[i]!.shape);
        const ga = g.dataSync();
        const gb = b[i]!.dataSync();
        ga.forEach((v, j) => expect(v).toBeCloseTo(gb[j]!, 4));
      });
      // The fused training path returns the same elementwise partials.
      const fused = tf.tidy(() => {
        const r = act.applyWithGrad(z, params);
        return tf.mul(dy, r.dz).dataSync();
      });
      fused.forEach((v, j) => expect(v).toBeCloseTo(a[0]!.dataSync()[j]!, 4));
      act.dispose();
    });
  }

  it('selects branches: an overflowing branch not taken leaks no NaN into the value or the gradient', () => {
    // min(expm1(x), relu(x)) is ELU; its unselected expm1 branch is ∞ in float32 for x > 88.
    const z = tf.tensor1d([-1e4, -100, -1, 0.5, 100, 1e4]);
    const elu = compileActivation(parse('elu(x)'));
    const want = elu.applyWithGrad(z, []);
    for (const text of ['min(expm1(x), relu(x))', '-max(-expm1(x), -relu(x))', 'where(x, x, expm1(x))']) {
      const act = compileActivation(parse(text));
      const got = act.applyWithGrad(z, []);
      expect(Array.from(got.y.dataSync()), text).toEqual(Array.from(want.y.dataSync()));
      expect(Array.from(got.dz.dataSync()), text).toEqual(Array.from(want.dz.dataSync()));
      const taped = tf.grad((zz: tf.Tensor) => tf.sum(act.applyCustomGrad(zz, [])))(z);
      expect(Array.from(taped.dataSync()), text).toEqual(Array.from(want.dz.dataSync()));
      act.dispose();
    }
    expect(Array.from(want.dz.dataSync())).toEqual([0, Math.fround(Math.exp(-100)), Math.fround(Math.exp(-1)), 1, 1, 1]);
    elu.dispose();
  });

  it('shares subexpressions between the function and its derivative', () => {
    const act = compileActivation(parse('x * sigmoid(x)'));
    // x·σ(x) and σ(x)(1 + x·σ(−x)): σ(x) once, so fewer ops than the two trees have calls.
    expect(act.opsWithGrad).toBeLessThanOrEqual(6);
    act.dispose();
  });

  it('leaks no tensors: as many after 100 evaluations as after 1', () => {
    const act = compileActivation(parse('x * sigmoid(beta * x) + 0.5 * bessel_i1e(x); beta = 1.5'));
    const z = tf.tensor2d(Z.slice(0, 8), [2, 4]);
    const p = [tf.scalar(1.5)];
    const once = () => {
      tf.tidy(() => {
        act.apply(z, p);
        act.applyWithGrad(z, p);
      });
      const g = tf.grads((zz: tf.Tensor, pp: tf.Tensor) => tf.sum(act.applyCustomGrad(zz, [pp])))([z, p[0]!]);
      tf.dispose(g);
    };
    once();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 99; i++) once();
    expect(tf.memory().numTensors).toBe(after1);
    act.dispose();
    tf.dispose([z, ...p]);
  });

  it('rejects an op it cannot map and a second variable as bad input', () => {
    expect(() => compileActivation({ kind: 'call', op: 'no_such_op', args: [{ kind: 'var', name: 'x' }] })).toThrow(
      /no TF.js implementation/,
    );
    expect(() =>
      compileActivation({
        kind: 'call',
        op: 'add',
        args: [
          { kind: 'var', name: 'x' },
          { kind: 'var', name: 'y' },
        ],
      }),
    ).toThrow(/one variable/);
  });
});
