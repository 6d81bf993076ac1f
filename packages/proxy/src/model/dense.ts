import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@actsearch/expr';
import { heNormal, variableOf } from './init.ts';
import type { Backward, Layer } from './layer.ts';

/**
 * y = x W + b; dW = xᵀ dy, db = Σ dy, dx = dy Wᵀ. The transposes are explicit: WASM's matMul with
 * transposeA/transposeB set is ~15× slower than a transpose followed by a plain matMul (measured).
 */
export class Dense implements Layer {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
  readonly params: readonly tf.Variable[];

  constructor(
    rng: Rng,
    readonly inputs: number,
    readonly outputs: number,
    gain = 1,
  ) {
    const w = heNormal(rng, inputs * outputs, inputs);
    if (gain !== 1) for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * gain;
    this.w = variableOf(tf.tensor2d(w, [inputs, outputs]));
    this.b = variableOf(tf.zeros([outputs]));
    this.params = [this.w, this.b];
  }

  infer(x: tf.Tensor2D): tf.Tensor2D {
    return tf.fused.matMul({ a: x, b: this.w as tf.Tensor2D, bias: this.b }) as tf.Tensor2D;
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const y = this.infer(x);
    const backward = (dy: tf.Tensor2D, needDx: boolean) => ({
      dx: needDx ? (tf.matMul(dy, tf.transpose(this.w as tf.Tensor2D)) as tf.Tensor2D) : null,
      grads: [tf.matMul(tf.transpose(x), dy), tf.sum(dy, 0)],
    });
    return { y, backward };
  }
}
