/**
 * What a network needs from an activation: its value and, fused with it, the elementwise partial
 * derivatives with respect to the input and to each trainable parameter. Training runs a manual
 * backward pass (no gradient tape, fewer ops per step); `applyWithGrad` is where the symbolic
 * derivative enters it.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface ActivationGrad {
  readonly y: tf.Tensor;
  /** ∂y/∂z, same shape as z. */
  readonly dz: tf.Tensor;
  /** ∂y/∂p for each parameter, broadcastable to z's shape. */
  readonly dp: readonly tf.Tensor[];
}

export interface ActivationFn {
  /** Printed form, for results and logs. */
  readonly text: string;
  readonly paramNames: readonly string[];
  readonly paramInits: readonly number[];
  /** y = f(z; params); each param tensor is a scalar or broadcasts over z's last axis. */
  apply(z: tf.Tensor, params: readonly tf.Tensor[]): tf.Tensor;
  applyWithGrad(z: tf.Tensor, params: readonly tf.Tensor[]): ActivationGrad;
  /** Frees cached constant tensors. */
  dispose(): void;
}

/** An activation from hand-written TF.js functions (f and its derivative), without parameters. */
export function activationFromFunctions(text: string, f: (z: tf.Tensor) => tf.Tensor, df: (z: tf.Tensor) => tf.Tensor): ActivationFn {
  return {
    text,
    paramNames: [],
    paramInits: [],
    apply: (z) => f(z),
    applyWithGrad: (z) => ({ y: f(z), dz: df(z), dp: [] }),
    dispose: () => undefined,
  };
}
