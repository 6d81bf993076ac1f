import * as tf from '@tensorflow/tfjs-core';
import type { Backward, Layer } from './layer.ts';

/** [batch·h·w, c] → [batch, h·w·c] (a reshape, no copy). */
export class Flatten implements Layer {
  readonly params: readonly tf.Variable[] = [];

  constructor(readonly rowsPerExample: number) {}

  infer(x: tf.Tensor2D): tf.Tensor2D {
    return tf.reshape(x, [x.shape[0] / this.rowsPerExample, x.shape[1] * this.rowsPerExample]);
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const y = this.infer(x);
    return { y, backward: (dy: tf.Tensor2D) => ({ dx: tf.reshape(dy, x.shape) as tf.Tensor2D, grads: [] }) };
  }
}

/** [batch, h·w·c] → [batch·h·w, c], so a convolution sees one row per pixel. */
export class ToRows implements Layer {
  readonly params: readonly tf.Variable[] = [];

  constructor(readonly rowsPerExample: number) {}

  infer(x: tf.Tensor2D): tf.Tensor2D {
    return tf.reshape(x, [x.shape[0] * this.rowsPerExample, x.shape[1] / this.rowsPerExample]);
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const y = this.infer(x);
    return { y, backward: (dy: tf.Tensor2D) => ({ dx: tf.reshape(dy, x.shape) as tf.Tensor2D, grads: [] }) };
  }
}
