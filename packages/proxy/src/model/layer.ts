/**
 * Layers with a hand-written backward pass. Every tensor between layers is 2-D: [rows, features]
 * (a convolution's rows are batch × height × width, so per-channel parameters broadcast the same way
 * everywhere). A training forward returns the output and a closure for the backward pass; nothing is
 * recorded on a gradient tape.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface Backward {
  /** Returns the gradient with respect to the input (null when `needDx` is false) and to each param. */
  (dy: tf.Tensor2D, needDx: boolean): { dx: tf.Tensor2D | null; grads: tf.Tensor[] };
}

export interface Layer {
  readonly params: readonly tf.Variable[];
  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward };
  infer(x: tf.Tensor2D): tf.Tensor2D;
}
