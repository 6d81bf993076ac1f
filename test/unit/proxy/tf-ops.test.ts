import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { listOps } from '@actsearch/expr';
import { TF_OPS, selectBackend } from '@actsearch/proxy';

/** The points each op is checked on: x over [−6, 6] (0 included) and fixed values for the other arguments. */
function argumentSets(name: string, arity: number): number[][][] {
  const xs = Array.from({ length: 121 }, (_, i) => -6 + i / 10);
  const col = (f: (x: number) => number) => xs.map(f);
  if (name === 'pow') {
    return [
      [col((x) => Math.abs(x) + 0.1), col(() => 1.7)],
      [col((x) => x / 2), col(() => 3)],
      [col((x) => x / 3), col(() => -2)],
    ];
  }
  if (arity === 1) return [[xs]];
  if (arity === 2) {
    // Ops whose second argument is a coefficient get a few fixed values; the rest a second variable.
    if (['leaky_relu', 'snake'].includes(name)) return [0.01, 0.5, 2].map((c) => [xs, col(() => c)]);
    return [[xs, col((x) => 0.7 * x + 0.35)]];
  }
  if (['apa', 'aglu'].includes(name))
    return [
      [1, 1],
      [0.5, 1.702],
      [2, 0.3],
    ].map(([l, k]) => [xs, col(() => l!), col(() => k!)]);
  return [0.3, 1, 2.5].map((b) => [xs, col((x) => 0.5 - 0.4 * x), col(() => b)]);
}

function close(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= 2e-5 * Math.max(1, Math.abs(expected));
}

describe('TF.js op table', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('has one TF.js implementation for every op of @actsearch/expr, and nothing else', () => {
    expect(Object.keys(TF_OPS).sort()).toEqual(
      listOps()
        .map((o) => o.name)
        .sort(),
    );
  });

  for (const op of listOps()) {
    it(`computes ${op.name} like expr's float32 evaluation`, () => {
      for (const args of argumentSets(op.name, op.arity)) {
        const out = tf.tidy(() => (TF_OPS[op.name] as (...t: tf.Tensor[]) => tf.Tensor)(...args.map((a) => tf.tensor1d(a))).dataSync());
        const bad: string[] = [];
        out.forEach((v, i) => {
          const point = args.map((a) => Math.fround(a[i]!));
          const ref = op.f32(...point);
          if (!close(v, ref)) bad.push(`${op.name}(${point.join(', ')}) = ${v}, expected ${ref}`);
        });
        expect(bad.slice(0, 5)).toEqual([]);
      }
    });
  }
});
