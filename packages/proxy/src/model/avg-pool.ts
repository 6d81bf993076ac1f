import * as tf from '@tensorflow/tfjs-core';
import type { Backward, Layer } from './layer.ts';

/**
 * 2×2 average pooling on rows [batch·h·w, c] (h, w even). Backward spreads dy/4 over each window with
 * a nearest-neighbour resize (fast on WASM; broadcastTo of a 6-D view was 20× slower, measured).
 */
export class AvgPool2 implements Layer {
  readonly params: readonly tf.Variable[] = [];

  constructor(
    readonly h: number,
    readonly w: number,
    readonly c: number,
  ) {}

  infer(x: tf.Tensor2D): tf.Tensor2D {
    const batch = x.shape[0] / (this.h * this.w);
    const y = tf.avgPool(tf.reshape(x, [batch, this.h, this.w, this.c]) as tf.Tensor4D, 2, 2, 'valid');
    return tf.reshape(y, [x.shape[0] / 4, this.c]);
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const y = this.infer(x);
    const backward = (dy: tf.Tensor2D) => {
      const batch = x.shape[0] / (this.h * this.w);
      const d4 = tf.reshape(tf.mul(dy, 0.25), [batch, this.h / 2, this.w / 2, this.c]) as tf.Tensor4D;
      const up = tf.image.resizeNearestNeighbor(d4, [this.h, this.w]);
      return { dx: tf.reshape(up, [x.shape[0], this.c]) as tf.Tensor2D, grads: [] };
    };
    return { y, backward };
  }
}
