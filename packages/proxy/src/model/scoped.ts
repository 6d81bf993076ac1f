import * as tf from '@tensorflow/tfjs-core';

/** Like tf.tidy for a function that returns plain values: every tensor made inside is freed. */
export function scoped<T>(fn: () => T): T {
  const engine = tf.engine();
  engine.startScope();
  try {
    return fn();
  } finally {
    engine.endScope();
  }
}
