import * as tf from '@tensorflow/tfjs-core';
import { variableOf } from '../model/init.ts';

export interface AdamOptions {
  readonly learningRate: number;
  /**
   * Keep the moments as one flat vector and update all parameters with one set of ops (concat the
   * gradients, one Adam update, split the step). Fewer ops per step, which is what costs on WASM.
   */
  readonly flat?: boolean;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (Kingma & Ba) with the bias correction folded into the step size, as TF does:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε).
 * Constants are kept as tensors so a step creates no scalars but the step size.
 */
export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly consts: { b1: tf.Scalar; c1: tf.Scalar; b2: tf.Scalar; c2: tf.Scalar; eps: tf.Scalar };
  private t = 0;
  private readonly flat: boolean;
  private readonly sizes: number[];
  readonly beta1: number;
  readonly beta2: number;

  constructor(
    readonly params: readonly tf.Variable[],
    readonly options: AdamOptions,
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    const total = params.reduce((n, p) => n + p.size, 0);
    this.flat = options.flat === true && params.length > 1;
    this.m = this.flat ? [variableOf(tf.zeros([total]), false)] : params.map((p) => variableOf(tf.zerosLike(p), false));
    this.v = this.flat ? [variableOf(tf.zeros([total]), false)] : params.map((p) => variableOf(tf.zerosLike(p), false));
    this.sizes = params.map((p) => p.size);
    this.consts = tf.tidy(() => ({
      b1: tf.keep(tf.scalar(this.beta1)),
      c1: tf.keep(tf.scalar(1 - this.beta1)),
      b2: tf.keep(tf.scalar(this.beta2)),
      c2: tf.keep(tf.scalar(1 - this.beta2)),
      eps: tf.keep(tf.scalar(options.epsilon ?? 1e-8)),
    }));
  }

  /** Applies one update. Call inside tf.tidy; `grads` align with `params`; `scale` multiplies the learning rate (schedules). */
  step(grads: readonly tf.Tensor[], scale = 1): void {
    this.t++;
    const { b1, c1, b2, c2, eps } = this.consts;
    const lr = tf.scalar((-scale * this.options.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t));
    if (this.flat) {
      const g = tf.concat(grads.map((t) => tf.reshape(t, [-1])));
      const m = this.m[0] as tf.Variable;
      const v = this.v[0] as tf.Variable;
      m.assign(tf.add(tf.mul(b1, m), tf.mul(c1, g)));
      v.assign(tf.add(tf.mul(b2, v), tf.mul(c2, tf.square(g))));
      const delta = tf.split(tf.mul(lr, tf.div(m, tf.add(tf.sqrt(v), eps))), this.sizes);
      this.params.forEach((p, i) => p.assign(tf.add(p, tf.reshape(delta[i] as tf.Tensor, p.shape))));
      return;
    }
    this.params.forEach((p, i) => {
      const g = grads[i] as tf.Tensor;
      const m = this.m[i] as tf.Variable;
      const v = this.v[i] as tf.Variable;
      m.assign(tf.add(tf.mul(b1, m), tf.mul(c1, g)));
      v.assign(tf.add(tf.mul(b2, v), tf.mul(c2, tf.square(g))));
      p.assign(tf.add(p, tf.mul(lr, tf.div(m, tf.add(tf.sqrt(v), eps)))));
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
    for (const c of Object.values(this.consts)) c.dispose();
  }
}
