/** What the CLI's `expr parse` and the API's expression box both show of a parsed expression. */
import type { Expr } from './ast.ts';
import { canonicalize } from './canonical.ts';
import { fingerprint } from './fingerprint.ts';
import { print } from './print.ts';
import { exprDepth, exprSize, paramsOf } from './tree.ts';
import { candidateIdentity, printCandidate, type CandidateKind } from './candidate-kind.ts';
import { knownLayerByFingerprint } from './layer/known-layers.ts';
import { aggregatesOf } from './layer/layer-expr.ts';

export interface ExprDescription {
  readonly text: string;
  readonly canonical: string;
  readonly fingerprint: string;
  readonly params: { readonly name: string; readonly init: number }[];
  readonly size: number;
  readonly depth: number;
}

/** A layer's description adds the statistics it uses and, when it is one, the known layer's name. */
export interface LayerDescription extends ExprDescription {
  readonly kind: 'layer';
  /** Each distinct aggregate call, outermost first (`batch_var(x)`, `group_var(x, 4)`). */
  readonly aggregates: string[];
  /** `evonorm_b0`, … when the layer is a known layer (same layer fingerprint), else null. */
  readonly knownLayer: string | null;
}

export type CandidateDescription = (ExprDescription & { readonly kind: 'activation' }) | LayerDescription;

export function describeExpr(expr: Expr): ExprDescription {
  return {
    text: print(expr),
    canonical: print(canonicalize(expr)),
    fingerprint: fingerprint(expr),
    params: paramsOf(expr).map((p) => ({ name: p.name, init: p.init })),
    size: exprSize(expr),
    depth: exprDepth(expr),
  };
}

/**
 * `describeExpr` for either kind of candidate (`parseCandidate`'s AST). A layer's fingerprint is its
 * layer fingerprint and its texts print with the layer parameter defaults (`candidateIdentity`), so
 * each field can be pasted back where layers are accepted. Throws ValidationError for a layer the
 * probe tensor cannot evaluate (a group count that does not divide its 16 channels).
 */
export function describeCandidate(expr: Expr, kind: CandidateKind): CandidateDescription {
  if (kind === 'activation') return { kind, ...describeExpr(expr) };
  const { canonical, fingerprint: fp } = candidateIdentity(expr, kind);
  return {
    kind,
    text: printCandidate(expr, kind),
    canonical,
    fingerprint: fp,
    params: paramsOf(expr).map((p) => ({ name: p.name, init: p.init })),
    size: exprSize(expr),
    depth: exprDepth(expr),
    aggregates: aggregatesOf(expr).map((a) => a.key),
    knownLayer: knownLayerByFingerprint(fp)?.name ?? null,
  };
}
