import { z } from 'zod';
import {
  candidateIdentity,
  candidateKindOfText,
  canonicalize,
  getKnownLayer,
  parse,
  resolveLayer,
  type CandidateKind,
  type Expr,
} from '@actsearch/expr';

/**
 * A baseline's function and its kind: an activation expression, a bare unary op name (`relu` for
 * `relu(x)`), or a normalization-activation layer — a known layer's name (`bn_relu`) or a layer
 * expression (docs/layers.md). Canonical. Throws ParseError / ValidationError.
 */
export function parseBaseline(text: string): { readonly kind: CandidateKind; readonly expr: Expr } {
  const trimmed = text.trim();
  if (getKnownLayer(trimmed) !== undefined) return { kind: 'layer', expr: canonicalize(resolveLayer(trimmed)) };
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(trimmed) && trimmed !== 'x';
  const source = bare ? `${trimmed}(x)` : text;
  const kind = candidateKindOfText(source);
  return { kind, expr: canonicalize(kind === 'layer' ? resolveLayer(source) : parse(source)) };
}

/** A baseline's function (parseBaseline without its kind). */
export function baselineExpr(text: string): Expr {
  return parseBaseline(text).expr;
}

/** A baseline's fingerprint, as its kind computes it (activations and layers are told apart by what they are). */
export function baselineFingerprint(text: string): string {
  const { kind, expr } = parseBaseline(text);
  return candidateIdentity(expr, kind).fingerprint;
}

/** A function named in a spec: an activation (an expression, or a bare op name such as `relu`) or a layer (`bn_relu`, or a layer expression). */
export const activationText = z
  .string()
  .min(1)
  .max(500)
  .superRefine((text, ctx) => {
    try {
      baselineExpr(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });
