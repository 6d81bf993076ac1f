import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@actsearch/expr';
import { heNormal, variableOf } from './init.ts';
import type { Backward, Layer } from './layer.ts';

/**
 * A 3×3 'same' convolution with a hand-written backward pass, because the WASM backend has no
 * Conv2DBackpropFilter kernel (so neither tf.grad nor a tape can train tf.conv2d there). Rows are
 * [batch·h·w, channels]; reshaping to [batch, h, w, channels] is free.
 *
 * - dx = conv2d(dy, W rotated 180° with in/out channels swapped, 'same').
 * - dW = conv2d(pad(x) with batch and channels swapped, dy with batch as input channels, 'valid'):
 *   the correlation of the input with the output gradient, computed by the forward kernel.
 * An im2col + matMul version (nine shifted slices concatenated on channels) computes the same dW but
 * took ~20× longer on WASM (measured: concat 24 ms, split 59 ms per call at batch 32, 28×28×8), so the
 * convolution kernels carry both directions.
 */
export class Conv2d implements Layer {
  readonly w: tf.Variable;
  readonly b: tf.Variable;
  readonly params: readonly tf.Variable[];

  constructor(
    rng: Rng,
    readonly h: number,
    readonly wd: number,
    readonly cin: number,
    readonly cout: number,
  ) {
    this.w = variableOf(tf.tensor4d(heNormal(rng, 9 * cin * cout, 9 * cin), [3, 3, cin, cout]));
    this.b = variableOf(tf.zeros([cout]));
    this.params = [this.w, this.b];
  }

  private as4d(x: tf.Tensor2D): tf.Tensor4D {
    return tf.reshape(x, [x.shape[0] / (this.h * this.wd), this.h, this.wd, this.cin]);
  }

  infer(x: tf.Tensor2D): tf.Tensor2D {
    const y = tf.add(tf.conv2d(this.as4d(x), this.w as tf.Tensor4D, 1, 'same'), this.b);
    return tf.reshape(y, [x.shape[0], this.cout]);
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const y = this.infer(x);
    const backward = (dy: tf.Tensor2D, needDx: boolean) => {
      const batch = x.shape[0] / (this.h * this.wd);
      const dy4 = tf.reshape(dy, [batch, this.h, this.wd, this.cout]) as tf.Tensor4D;
      const xPad = tf.pad(this.as4d(x), [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]);
      const corr = tf.conv2d(tf.transpose(xPad, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(dy4, [1, 2, 0, 3]) as tf.Tensor4D, 1, 'valid');
      const grads = [tf.transpose(corr, [1, 2, 0, 3]), tf.sum(dy, 0)];
      if (!needDx) return { dx: null, grads };
      const wFlipped = tf.transpose(tf.reverse(this.w as tf.Tensor4D, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      const dx = tf.reshape(tf.conv2d(dy4, wFlipped, 1, 'same'), [x.shape[0], this.cin]);
      return { dx: dx as tf.Tensor2D, grads };
    };
    return { y, backward };
  }
}
