import * as tf from '@tensorflow/tfjs-core';
import { RUNNING_MOMENTUM, runningInit } from '@actsearch/expr';
import type { CompiledLayer, LayerGeometry } from '../layer/compile-layer.ts';
import { variableOf } from './init.ts';
import type { Backward, Layer } from './layer.ts';

/**
 * A candidate normalization-activation layer in place of the activation (EvoNorm): per-channel
 * trainable parameters, and per-channel running averages of its batch statistics as non-trainable
 * state (not in `params`, so the optimizer never sees them). Training forward passes normalise with the
 * batch's statistics and move the running averages by `RUNNING_MOMENTUM` (BatchNorm's convention);
 * `infer` (evaluation, scoring) uses the running averages, so a prediction never depends on the other
 * examples of its batch.
 */
export class NormActLayer implements Layer {
  readonly params: readonly tf.Variable[];
  readonly running: readonly tf.Variable[];

  constructor(
    readonly layer: CompiledLayer,
    channels: number,
    private readonly geometry: LayerGeometry,
  ) {
    this.params = layer.paramInits.map((init) => variableOf(tf.fill([channels], init)));
    this.running = layer.batchStatistics.map((s) => variableOf(tf.fill([channels], runningInit(s.stat)), false));
  }

  infer(x: tf.Tensor2D): tf.Tensor2D {
    return this.layer.forward(x, this.geometry, this.params, 'eval', this.running).y;
  }

  forward(x: tf.Tensor2D): { y: tf.Tensor2D; backward: Backward } {
    const f = this.layer.forward(x, this.geometry, this.params, 'train');
    f.batchStats.forEach((stat, i) => {
      const r = this.running[i] as tf.Variable;
      r.assign(tf.add(tf.mul(r, 1 - RUNNING_MOMENTUM), tf.mul(stat, RUNNING_MOMENTUM)));
    });
    const backward: Backward = (dy) => {
      const b = f.backward(dy);
      return { dx: b.dx, grads: b.grads };
    };
    return { y: f.y, backward };
  }

  /** Snapshot of the running averages; the returned function puts them back (and frees the copy). */
  saveState(): () => void {
    const copies = this.running.map((r) => tf.keep(r.clone()));
    return () => {
      this.running.forEach((r, i) => r.assign(copies[i] as tf.Tensor));
      for (const c of copies) c.dispose();
    };
  }

  dispose(): void {
    for (const r of this.running) r.dispose();
  }
}
