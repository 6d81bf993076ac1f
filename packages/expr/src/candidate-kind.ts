/**
 * What a search candidate is — an element-wise activation or a normalization-activation layer
 * (docs/layers.md) — and what each kind's identity is made of. The two kinds share the expression
 * syntax but not its reading (a layer's `beta` starts at 0, an activation's at 1), their fingerprints
 * (probe points against the probe tensor) or their printing, so code that handles both asks here once
 * instead of branching on the kind itself.
 */
import type { Expr } from './ast.ts';
import { canonicalize } from './canonical.ts';
import { fingerprint } from './fingerprint.ts';
import { parse } from './parse.ts';
import { print } from './print.ts';
import { layerFingerprint } from './layer/fingerprint-layer.ts';
import { getKnownLayer, resolveLayer } from './layer/known-layers.ts';
import { isLayerExpr, printLayer } from './layer/layer-expr.ts';

export const CANDIDATE_KINDS = ['activation', 'layer'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/** A candidate's identity: its canonical form, that form's text (which parses back to it) and its fingerprint. */
export interface CandidateIdentity {
  readonly expr: Expr;
  readonly canonical: string;
  readonly fingerprint: string;
}

/** canonicalize → print → fingerprint, each as the kind does it. */
export function candidateIdentity(e: Expr, kind: CandidateKind): CandidateIdentity {
  const canonical = canonicalize(e);
  return kind === 'layer'
    ? { expr: canonical, canonical: printLayer(canonical), fingerprint: layerFingerprint(canonical) }
    : { expr: canonical, canonical: print(canonical), fingerprint: fingerprint(canonical) };
}

/** The text of a candidate of this kind, as its kind's parser reads it back. */
export function printCandidate(e: Expr, kind: CandidateKind): string {
  return kind === 'layer' ? printLayer(e) : print(e);
}

/**
 * Parses a candidate's text as its kind: an activation with `parse`, a layer with `resolveLayer` (a
 * known layer's name such as `bn_relu`, or a layer expression). Throws ParseError / ValidationError.
 */
export function parseCandidate(text: string, kind: CandidateKind): Expr {
  return kind === 'layer' ? resolveLayer(text) : parse(text);
}

/**
 * The kind a text denotes: a known layer's name, or an expression that uses a statistic of its input
 * (an aggregate), is a layer; anything else is read as an activation (and its parse errors are the
 * activation's). It does not validate: parseCandidate with the kind does.
 */
export function candidateKindOfText(text: string): CandidateKind {
  if (getKnownLayer(text.trim()) !== undefined) return 'layer';
  try {
    return isLayerExpr(parse(text, { layer: true })) ? 'layer' : 'activation';
  } catch {
    return 'activation';
  }
}
