import * as tf from '@tensorflow/tfjs-core';
import type { LossFn } from '../model/network.ts';

/** Mean softmax cross-entropy; gradient (softmax − onehot)/B from the same log-softmax. */
export const softmaxCrossEntropy: LossFn = (logits, onehot) => {
  const batch = logits.shape[0];
  const logp = tf.logSoftmax(logits);
  const loss = tf.mul(tf.sum(tf.mul(onehot, logp)), -1 / batch) as tf.Scalar;
  const grad = tf.mul(tf.sub(tf.exp(logp), onehot), 1 / batch) as tf.Tensor2D;
  return { loss, grad };
};

/** Mean squared error over all outputs. */
export const meanSquaredError: LossFn = (pred, target) => {
  const diff = tf.sub(pred, target);
  const loss = tf.mean(tf.square(diff)) as tf.Scalar;
  const grad = tf.mul(diff, 2 / diff.size) as tf.Tensor2D;
  return { loss, grad };
};
