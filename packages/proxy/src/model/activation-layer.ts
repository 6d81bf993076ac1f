import * as tf from '@tensorflow/tfjs-core';
import type { ActivationFn } from '../activation/activation.ts';
import { variableOf } from './init.ts';
import type { Backward, Layer } from './layer.ts';

export type ParamMode = 'scalar' | 'per-channel';

/**
 * The candidate activation with its own trainable parameters (β…), one scalar per layer or one per
 * channel. Backward: dz = dy ⊙ f′(z); dβ = Σ dy ⊙ ∂f/∂β(z), summed over rows (and channels if scalar).
 */
export class ActivationLayer implements Layer {
  readonly params: readonly tf.Variable[];

  constructor(
    readonly act: ActivationFn,
    channels: number,
    mode: ParamMode,
  ) {
    this.params = act.paramInits.map((init) => variableOf(mode === 'scalar' ? tf.scalar(init) : tf.fill([channels], init)));
  }

  infer(x: tf.Tensor2D): tf.Tensor2D {
    return this.act.apply(x, this.params) as tf.Tensor2D;
  }

  forward(z: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const { y, dz, dp } = this.act.applyWithGrad(z, this.params);
    const backward = (dy: tf.Tensor2D) => ({
      dx: tf.mul(dy, dz) as tf.Tensor2D,
      grads: this.params.map((p, i) => {
        const g = tf.mul(dy, dp[i] as tf.Tensor);
        return p.rank === 0 ? tf.sum(g) : tf.sum(g, 0);
      }),
    });
    return { y: y as tf.Tensor2D, backward };
  }
}
