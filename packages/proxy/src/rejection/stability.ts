/**
 * EvoNorm's worst-case gradient-norm test (Liu et al. 2020): starting from the initial weights, run
 * gradient *ascent* on ‖∂L/∂θ‖₂ over a small fixed batch and reject the candidate if the norm exceeds a
 * threshold (EvoNorm: 1e8) or stops being finite. A layer that can be pushed into exploding gradients
 * by a few small weight changes will find that region during training too.
 *
 * The ascent direction ∇θ‖g‖ = H·g/‖g‖ comes from a finite-difference Hessian-vector product,
 * (g(θ + εĝ) − g(θ))/ε, i.e. two ordinary backward passes per step instead of double backpropagation
 * through the tape (TF.js's second-order gradients do not pass through tf.customGrad, and the training
 * path has no tape at all). Steps are normalised: each moves θ by `stepFraction`·‖θ₀‖.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossFn, Network } from '../model/network.ts';
import { scoped } from '../model/scoped.ts';

export interface StabilityReport {
  /** Largest gradient norm seen (∞ or NaN when it stopped being finite). */
  readonly maxNorm: number;
  /** Ascent steps taken. */
  readonly steps: number;
  /** The step at which the threshold was crossed or a value became non-finite; null if it never was. */
  readonly failedAt: number | null;
  readonly reason: string | null;
}

export interface StabilitySettings {
  readonly steps: number;
  readonly threshold: number;
  readonly stepFraction: number;
}

export const DEFAULT_STABILITY: StabilitySettings & { readonly batchSize: number } = {
  steps: 20,
  batchSize: 16,
  threshold: 1e8,
  stepFraction: 0.01,
};

function globalNorm(ts: readonly tf.Tensor[]): tf.Scalar {
  return tf.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t))))) as tf.Scalar;
}

/** Runs the ascent on `net` and restores its parameters afterwards. */
export function worstCaseGradientNorm(net: Network, x: tf.Tensor2D, y: tf.Tensor2D, lossFn: LossFn, s: StabilitySettings): StabilityReport {
  const params = net.params;
  const initial = params.map((p) => tf.keep(p.clone()));
  const restoreState = net.saveState();
  const theta0 = tf.tidy(() => globalNorm(params).dataSync()[0] as number);
  const alpha = s.stepFraction * theta0;
  const eps = 1e-3 * theta0;
  let maxNorm = 0;
  let failedAt: number | null = null;
  let reason: string | null = null;
  let k = 0;
  try {
    for (; k <= s.steps; k++) {
      const verdict = scoped((): { norm: number; fail: string | null } => {
        const before = params.map((p) => p.clone());
        const r0 = net.lossAndGrads(x, y, lossFn);
        const gNorm = globalNorm(r0.grads).dataSync()[0] as number;
        const loss = r0.loss.dataSync()[0] as number;
        if (!Number.isFinite(gNorm) || !Number.isFinite(loss))
          return { norm: gNorm, fail: `non-finite ${Number.isFinite(loss) ? 'gradient norm' : 'loss'}` };
        if (gNorm > s.threshold)
          return { norm: gNorm, fail: `gradient norm ${gNorm.toPrecision(3)} exceeds ${s.threshold.toPrecision(2)}` };
        if (k === s.steps || gNorm === 0) return { norm: gNorm, fail: null };
        const scale = tf.scalar(eps / gNorm);
        params.forEach((p, i) => p.assign(tf.add(before[i] as tf.Tensor, tf.mul(scale, r0.grads[i] as tf.Tensor))));
        const r1 = net.lossAndGrads(x, y, lossFn);
        const hv = r1.grads.map((g, i) => tf.sub(g, r0.grads[i] as tf.Tensor));
        const hvNorm = globalNorm(hv).dataSync()[0] as number;
        // Where the Hessian-vector product vanishes or is not finite, climb along the gradient itself.
        const useHv = Number.isFinite(hvNorm) && hvNorm > 0;
        const dir = useHv ? hv : r0.grads;
        const step = tf.scalar(alpha / (useHv ? hvNorm : gNorm));
        params.forEach((p, i) => p.assign(tf.add(before[i] as tf.Tensor, tf.mul(step, dir[i] as tf.Tensor))));
        return { norm: gNorm, fail: null };
      });
      if (!(verdict.norm <= maxNorm)) maxNorm = verdict.norm;
      if (verdict.fail !== null) {
        failedAt = k;
        reason = verdict.fail;
        break;
      }
      if (verdict.norm === 0) break;
    }
  } finally {
    params.forEach((p, i) => p.assign(initial[i] as tf.Tensor));
    for (const t of initial) t.dispose();
    restoreState();
  }
  return { maxNorm, steps: Math.min(k, s.steps), failedAt, reason };
}
