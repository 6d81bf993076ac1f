import * as tf from '@tensorflow/tfjs-core';
import type { Backward, Layer } from './layer.ts';

/** A loss on the network's output: its value (mean over the batch) and its gradient. */
export interface LossFn {
  (output: tf.Tensor2D, target: tf.Tensor2D): { loss: tf.Scalar; grad: tf.Tensor2D };
}

/** A stack of layers trained by an explicit backward pass. */
export class Network {
  readonly params: readonly tf.Variable[];

  constructor(
    readonly layers: readonly Layer[],
    readonly description: string,
    /** The candidate activation's layers (each holds its own trainable parameters). */
    readonly activationLayers: readonly { readonly params: readonly tf.Variable[]; saveState?(): () => void }[] = [],
    private readonly owned: readonly { dispose(): void }[] = [],
  ) {
    this.params = layers.flatMap((l) => l.params);
  }

  get parameterCount(): number {
    return this.params.reduce((s, p) => s + p.size, 0);
  }

  infer(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    for (const layer of this.layers) h = layer.infer(h);
    return h;
  }

  /** Forward, loss, backward. Gradients come back in the order of `params`. Call inside tf.tidy. */
  lossAndGrads(x: tf.Tensor2D, target: tf.Tensor2D, lossFn: LossFn): { loss: tf.Scalar; grads: tf.Tensor[] } {
    const backs: Backward[] = [];
    let h = x;
    for (const layer of this.layers) {
      const r = layer.forward(h);
      backs.push(r.backward);
      h = r.y;
    }
    const { loss, grad } = lossFn(h, target);
    const gradsPerLayer: tf.Tensor[][] = new Array(this.layers.length);
    let dy: tf.Tensor2D = grad;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      // The first layer with parameters needs no input gradient (the data has none to receive).
      const needDx = this.layers.slice(0, i).some((l) => l.params.length > 0);
      const r = (backs[i] as Backward)(dy, needDx);
      gradsPerLayer[i] = r.grads;
      if (!needDx) break;
      dy = r.dx as tf.Tensor2D;
    }
    return { loss, grads: this.layers.flatMap((l, i) => gradsPerLayer[i] ?? l.params.map((p) => tf.zerosLike(p))) };
  }

  /**
   * Snapshot of the non-trainable state (a normalization layer's running statistics); the returned
   * function restores it. Code that trains a network only to probe it (the stability test) uses this
   * as it restores the parameters.
   */
  saveState(): () => void {
    const restores = this.activationLayers.flatMap((l) => (l.saveState ? [l.saveState()] : []));
    return () => {
      for (const r of restores) r();
    };
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    for (const o of this.owned) o.dispose();
  }
}
