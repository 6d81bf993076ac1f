/**
 * The four known layers against an independent NumPy implementation written from the EvoNorm paper's
 * definitions (not generated from the expressions): random N×C×H×W inputs, random per-channel γ, β, v,
 * in training mode (batch statistics) and evaluation mode (given running statistics). Skipped only on
 * a machine without a python3 that has NumPy.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLayer, randomTensor, resolveLayer, Rng, type LayerTensor } from '@actsearch/expr';
import { pythonWith, runPython } from './export-fixtures/python.ts';

const PYTHON = pythonWith('numpy');

const NUMPY_LAYERS = String.raw`
import json, sys
import numpy as np
EPS = 1e-5
G = 4

def batch_stats(x):
    return x.mean(axis=(0, 2, 3), keepdims=True), x.var(axis=(0, 2, 3), keepdims=True)

def group_stats(x, g):
    n, c, h, w = x.shape
    xg = x.reshape(n, g, c // g, h, w)
    mean = xg.mean(axis=(2, 3, 4), keepdims=True)
    var = xg.var(axis=(2, 3, 4), keepdims=True)
    return np.broadcast_to(mean, xg.shape).reshape(x.shape), np.broadcast_to(var, xg.shape).reshape(x.shape)

def layer(name, x, p, mode, running):
    ch = lambda v: np.asarray(v, dtype=np.float64).reshape(1, -1, 1, 1)
    gamma, beta = ch(p["gamma"]), ch(p["beta"])
    if name == "bn_relu":
        if mode == "train":
            mean, var = batch_stats(x)
        else:
            mean, var = ch(running["batch_mean(x)"]), ch(running["batch_var(x)"])
        return np.maximum((x - mean) / np.sqrt(var + EPS) * gamma + beta, 0)
    if name == "gn_relu":
        mean, var = group_stats(x, G)
        return np.maximum((x - mean) / np.sqrt(var + EPS) * gamma + beta, 0)
    if name == "evonorm_b0":
        v = ch(p["v"])
        var_b = batch_stats(x)[1] if mode == "train" else ch(running["batch_var(x)"])
        var_i = x.var(axis=(2, 3), keepdims=True)
        return x / np.maximum(np.sqrt(var_b + EPS), v * x + np.sqrt(var_i + EPS)) * gamma + beta
    if name == "evonorm_s0":
        v = ch(p["v"])
        return x * (1 / (1 + np.exp(-v * x))) / np.sqrt(group_stats(x, G)[1] + EPS) * gamma + beta
    raise ValueError(name)

job = json.load(sys.stdin)
out = []
for item in job["items"]:
    x = np.asarray(item["x"], dtype=np.float64).reshape(item["shape"])
    out.append(layer(item["name"], x, item["params"], item["mode"], item["running"]).ravel().tolist())
json.dump(out, sys.stdout)
`;

const NAMES = ['bn_relu', 'gn_relu', 'evonorm_b0', 'evonorm_s0'] as const;
const SHAPES: (readonly [number, number, number, number])[] = [
  [4, 8, 3, 3],
  [16, 8, 1, 1], // a dense layer: one position, so instance variance is 0
  [2, 16, 4, 2],
];

function channelValues(rng: Rng, c: number, centre: number): number[] {
  return Array.from({ length: c }, () => centre + (rng.next() - 0.5));
}

describe.skipIf(PYTHON === null)('known layers against NumPy', () => {
  it('match in training and evaluation mode on random tensors', () => {
    const rng = new Rng(7);
    const items: {
      name: string;
      shape: readonly number[];
      x: number[];
      params: Record<string, number[]>;
      mode: string;
      running: Record<string, number[]>;
      ours: Float64Array;
    }[] = [];
    SHAPES.forEach((shape, s) => {
      const c = shape[1];
      const x: LayerTensor = randomTensor(shape, 100 + s, 1.5, 0.3);
      for (const name of NAMES) {
        for (const mode of ['train', 'eval'] as const) {
          const params = { gamma: channelValues(rng, c, 1), beta: channelValues(rng, c, 0), v: channelValues(rng, c, 1) };
          const running = { 'batch_mean(x)': channelValues(rng, c, 0.2), 'batch_var(x)': channelValues(rng, c, 1.5) };
          const e = resolveLayer(name);
          // bn_relu and gn_relu have no v: the engine ignores values for parameters a layer lacks.
          const ours = evaluateLayer(e, x, { mode, params, running }).y;
          items.push({ name, shape, x: [...x.data], params, mode, running, ours });
        }
      }
    });
    const theirs = runPython(
      NUMPY_LAYERS,
      { items: items.map(({ ours: _o, ...it }) => it) },
      process.cwd(),
      PYTHON as string,
    ) as number[][];
    items.forEach((it, i) => {
      const want = theirs[i] as number[];
      expect(want.length, it.name).toBe(it.ours.length);
      let worst = 0;
      for (let k = 0; k < want.length; k++) {
        const w = want[k] as number;
        worst = Math.max(worst, Math.abs((it.ours[k] as number) - w) / Math.max(1, Math.abs(w)));
      }
      expect(worst, `${it.name} ${it.mode} ${it.shape.join('×')}`).toBeLessThan(1e-12);
    });
  });

  it('in evaluation mode ignore the batch for batch statistics but not for per-sample ones', () => {
    const x = randomTensor([4, 8, 3, 3], 3);
    const shifted = { shape: x.shape, data: x.data.map((v, i) => (i < 72 ? v : v + 5)) };
    const firstSample = (y: Float64Array) => [...y.slice(0, 72)];
    for (const name of ['bn_relu', 'evonorm_b0'] as const) {
      const e = resolveLayer(name);
      expect(firstSample(evaluateLayer(e, shifted, { mode: 'eval' }).y)).toEqual(firstSample(evaluateLayer(e, x, { mode: 'eval' }).y));
      expect(firstSample(evaluateLayer(e, shifted, { mode: 'train' }).y)).not.toEqual(
        firstSample(evaluateLayer(e, x, { mode: 'train' }).y),
      );
    }
  });
});
