import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@actsearch/expr';
import type { ActivationLayer } from './activation-layer.ts';
import { Dense } from './dense.ts';
import type { NormActLayer } from './norm-act-layer.ts';
import type { Backward, Layer } from './layer.ts';

/**
 * y = x + α·f(x W + b) with α = 1/√depth, so the sum of `depth` branches keeps a bounded scale without
 * normalisation layers; gradients reach early layers only through the activation's own derivative and
 * the skip path, which is what makes a deep residual MLP sensitive to the activation.
 */
export class ResidualBlock implements Layer {
  readonly dense: Dense;
  readonly act: ActivationLayer | NormActLayer;
  readonly params: readonly tf.Variable[];
  private readonly alpha: tf.Scalar;

  /** `act` builds the candidate for `width` channels (the activation, or a normalization-activation layer). */
  constructor(rng: Rng, width: number, act: (width: number) => ActivationLayer | NormActLayer, depth: number) {
    this.dense = new Dense(rng, width, width);
    this.act = act(width);
    this.params = [...this.dense.params, ...this.act.params];
    this.alpha = tf.keep(tf.scalar(1 / Math.sqrt(depth)));
  }

  infer(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(x, tf.mul(this.alpha, this.act.infer(this.dense.infer(x))));
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const d = this.dense.forward(x);
    const a = this.act.forward(d.y);
    const y = tf.add(x, tf.mul(this.alpha, a.y)) as tf.Tensor2D;
    const backward = (dy: tf.Tensor2D) => {
      const ab = a.backward(tf.mul(this.alpha, dy), true);
      const db = d.backward(ab.dx as tf.Tensor2D, true);
      return { dx: tf.add(dy, db.dx as tf.Tensor2D) as tf.Tensor2D, grads: [...db.grads, ...ab.grads] };
    };
    return { y, backward };
  }

  dispose(): void {
    this.alpha.dispose();
  }
}
