import type { Expr } from '../ast.ts';
import { evaluateLayer } from './evaluate-layer.ts';
import { isLayerExpr } from './layer-expr.ts';
import { layerProbeShared } from './layer-tensor.ts';

/** Why a layer is turned down before any training. */
export interface LayerCheckVerdict {
  /** `no_statistic` or `non_finite`. */
  readonly check: string;
  readonly reason: string;
}

/**
 * EvoNorm's first, free filter (bench/layer-search.ts, docs/layers.md): a layer must use a statistic
 * of its input — without one it is an element-wise activation, which a layer space may still spell —
 * and must be finite on the probe tensor at its parameters' initial values. The activation pre-screen
 * (a grid over x) says nothing about a function of a whole tensor, so a layer campaign runs this in
 * its place. Null when the layer may train. `finite: false` skips the probe (the first check is what
 * makes it a layer at all: the trainer refuses an expression without a statistic).
 */
export function checkLayer(e: Expr, options: { readonly finite?: boolean } = {}): LayerCheckVerdict | null {
  if (!isLayerExpr(e)) return { check: 'no_statistic', reason: 'uses no statistic of its input: an element-wise activation, not a layer' };
  if (options.finite === false) return null;
  const { y } = evaluateLayer(e, layerProbeShared(), { precision: 'f32' });
  let bad = 0;
  for (const v of y) if (!Number.isFinite(v)) bad += 1;
  return bad === 0 ? null : { check: 'non_finite', reason: `non-finite at ${bad} of ${y.length} elements of the probe tensor` };
}
