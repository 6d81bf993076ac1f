/**
 * The TF.js layer (compileLayer) against the reference evaluator (expr's evaluateLayer, float64): the
 * same values in both modes, and a backward pass through aggregates that matches central finite
 * differences of the reference — for the input and every per-channel parameter.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateLayer, KNOWN_LAYERS, parseLayer, resolveLayer, Rng, type Expr, type LayerTensor } from '@actsearch/expr';
import { compileLayer, NormActLayer, selectBackend } from '@actsearch/proxy';

const N = 3;
const P = 4; // positions per sample
const C = 8;
const rows = N * P;

/** Reference NCHW (H = P, W = 1) index of the network's [rows, C] element (n·P + p, c). */
const ref = (r: number, c: number) => (Math.floor(r / P) * C + c) * P + (r % P);

function toRef(x2d: Float64Array): LayerTensor {
  const data = new Float64Array(rows * C);
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) data[ref(r, c)] = x2d[r * C + c] as number;
  return { shape: [N, C, P, 1], data };
}

function fromRef(y: Float64Array): Float64Array {
  const out = new Float64Array(rows * C);
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) out[r * C + c] = y[ref(r, c)] as number;
  return out;
}

const LAYERS: [string, Expr][] = [
  ...KNOWN_LAYERS.map((l): [string, Expr] => [l.name, resolveLayer(l.name)]),
  ['layer and instance moments', parseLayer('(x - layer_mean(x)) / sqrt(layer_var(x) + eps) * gamma + tanh(instance_mean(x * v))')],
  // exp(100x) overflows float32 where max selects the other branch: no 0·∞ = NaN may reach x.
  ['an overflowing branch that max does not select', parseLayer('max(-exp(x * 100), x / sqrt(batch_var(x) + eps)) * gamma + beta')],
  [
    'statistics of parameters and squares',
    parseLayer('x * sigmoid(v1 * x) / sqrt(batch_mean(square(x * gamma)) + eps) + group_mean(v1 * x, 2); v1 = 0.7'),
  ],
];

/** Float32-exact values, so that TF.js (float32) and the float64 reference see the same numbers. */
function randomValues(rng: Rng, n: number, centre: number, spread: number): Float64Array {
  return Float64Array.from({ length: n }, () => Math.fround(centre + spread * rng.normal()));
}

const f32 = (a: Float64Array) => Float32Array.from(a);

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('compiled layers', () => {
  it.each(LAYERS)('%s: forward matches the reference in training and evaluation mode', (_, e) => {
    const layer = compileLayer(e);
    const rng = new Rng(1);
    const x = randomValues(rng, rows * C, 0.3, 1.2);
    const params = layer.paramNames.map((_n, i) => randomValues(rng, C, layer.paramInits[i] as number, 0.3));
    const running = layer.batchStatistics.map((s) => randomValues(rng, C, s.stat === 'var' ? 1.5 : 0.2, 0.1).map(Math.abs));
    const named = Object.fromEntries(layer.paramNames.map((n, i) => [n, params[i] as Float64Array]));
    const runningNamed = Object.fromEntries(layer.batchStatistics.map((s, i) => [s.key, running[i] as Float64Array]));
    for (const mode of ['train', 'eval'] as const) {
      const ours = tf.tidy(() => {
        const f = layer.forward(
          tf.tensor2d(f32(x), [rows, C]),
          { positions: P },
          params.map((p) => tf.tensor1d(f32(p))),
          mode,
          running.map((r) => tf.tensor1d(f32(r))),
        );
        return f.y.dataSync();
      });
      const want = fromRef(evaluateLayer(e, toRef(x), { mode, params: named, running: runningNamed }).y);
      for (let i = 0; i < want.length; i++) expect(ours[i], `${mode} [${i}]`).toBeCloseTo(want[i] as number, 4);
    }
    layer.dispose();
  });

  it.each(LAYERS)('%s: gradients through aggregates match finite differences', (_, e) => {
    const layer = compileLayer(e);
    const rng = new Rng(2);
    const x = randomValues(rng, rows * C, 0.3, 1.2);
    const params = layer.paramNames.map((_n, i) => randomValues(rng, C, layer.paramInits[i] as number, 0.3));
    const w = randomValues(rng, rows * C, 0, 1);
    const { dx, grads } = tf.tidy(() => {
      const f = layer.forward(
        tf.tensor2d(f32(x), [rows, C]),
        { positions: P },
        params.map((p) => tf.tensor1d(f32(p))),
        'train',
      );
      const b = f.backward(tf.tensor2d(f32(w), [rows, C]));
      return { dx: b.dx.dataSync(), grads: b.grads.map((g) => g.dataSync()) };
    });
    // L = Σ w ⊙ y, differentiated numerically on the float64 reference.
    const loss = (xv: Float64Array, ps: readonly Float64Array[]) => {
      const named = Object.fromEntries(layer.paramNames.map((n, i) => [n, ps[i] as Float64Array]));
      const y = fromRef(evaluateLayer(e, toRef(xv), { params: named }).y);
      return y.reduce((s, v, i) => s + v * (w[i] as number), 0);
    };
    const h = 1e-6;
    const check = (analytic: ArrayLike<number>, vary: (i: number, d: number) => number, what: string) => {
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < analytic.length; i++) {
        const numeric = (vary(i, h) - vary(i, -h)) / (2 * h);
        worst = Math.max(worst, Math.abs((analytic[i] as number) - numeric));
        scale = Math.max(scale, Math.abs(numeric));
      }
      expect(worst / Math.max(scale, 1), what).toBeLessThan(2e-3);
    };
    check(
      dx,
      (i, d) => {
        const xv = x.slice();
        xv[i] = (xv[i] as number) + d;
        return loss(xv, params);
      },
      'dL/dx',
    );
    layer.paramNames.forEach((name, k) => {
      check(
        grads[k] as ArrayLike<number>,
        (i, d) => {
          const ps = params.map((p) => p.slice());
          (ps[k] as Float64Array)[i] = ((ps[k] as Float64Array)[i] as number) + d;
          return loss(x, ps);
        },
        `dL/d${name}`,
      );
    });
    layer.dispose();
  });

  it('keeps running averages as non-trainable state: training steps move them, evaluation uses them', () => {
    const layer = compileLayer(resolveLayer('bn_relu'));
    const l = new NormActLayer(layer, C, { positions: P });
    expect(l.params.map((p) => p.trainable)).toEqual([true, true]);
    expect(l.running.map((r) => r.trainable)).toEqual([false, false]);
    const x = tf.tensor2d(f32(randomValues(new Rng(3), rows * C, 2, 3)), [rows, C]);
    const evalBefore = tf.tidy(() => l.infer(x).dataSync());
    const restore = l.saveState();
    tf.tidy(() => {
      l.forward(x);
    });
    // Mean 0 → 0.1·batch mean; variance 1 → 0.9 + 0.1·batch variance (momentum 0.1).
    const batchMean = tf.tidy(() => tf.mean(x, 0).dataSync());
    const runningMean = l.running[0]!.dataSync();
    for (let c = 0; c < C; c++) expect(runningMean[c]).toBeCloseTo(0.1 * (batchMean[c] as number), 5);
    expect(tf.tidy(() => l.infer(x).dataSync())).not.toEqual(evalBefore);
    for (let i = 0; i < 200; i++)
      tf.tidy(() => {
        l.forward(x);
      });
    // With one batch forever, the running statistics converge and evaluation equals training mode.
    const train = tf.tidy(() => l.forward(x).y.dataSync());
    const evalAfter = tf.tidy(() => l.infer(x).dataSync());
    for (let i = 0; i < train.length; i++) expect(evalAfter[i]).toBeCloseTo(train[i] as number, 4);
    restore();
    expect(tf.tidy(() => l.infer(x).dataSync())).toEqual(evalBefore);
    l.dispose();
    layer.dispose();
    x.dispose();
  });
});
