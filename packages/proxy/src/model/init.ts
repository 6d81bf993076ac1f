/** Weight initialisation from the seeded Rng (never Math.random), so a seed fixes the network. */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@actsearch/expr';

/** He-normal: N(0, 2/fanIn), truncated at 2σ by redrawing (as Keras' he_normal). */
export function heNormal(rng: Rng, size: number, fanIn: number): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let v = rng.normal();
    while (v > 2 || v < -2) v = rng.normal();
    out[i] = v * std;
  }
  return out;
}

/** A variable that owns its initial value (tf.variable keeps the source tensor alive otherwise). */
export function variableOf(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}
