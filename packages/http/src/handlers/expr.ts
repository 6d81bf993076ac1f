/** `POST /api/expr/parse`: the dashboard's expression box, for an activation or a layer. */
import { candidateKindOfText, describeCandidate, features, parseCandidate, type Expr } from '@actsearch/expr';
import { ParseError, ValidationError } from '@actsearch/core';
import { z } from 'zod';
import type { Reply, RouteInput } from '../route.ts';
import { candidatePlot, jsonSafe } from '../plot.ts';

export const parseExprBody = z.strictObject({
  text: z
    .string()
    .min(1)
    .max(4096)
    .describe(
      'an expression such as `x * sigmoid(beta * x)`, a layer expression (`x / sqrt(batch_var(x) + eps)`) or a known layer (`evonorm_b0`)',
    ),
});

export async function parseExpr(input: RouteInput<unknown, unknown, z.output<typeof parseExprBody>>): Promise<Reply> {
  const kind = candidateKindOfText(input.body.text);
  let expr: Expr;
  let description;
  try {
    expr = parseCandidate(input.body.text, kind);
    description = describeCandidate(expr, kind);
  } catch (err) {
    if (!(err instanceof ParseError || err instanceof ValidationError)) throw err;
    // A bad layer (no aggregate, a group count the probe cannot take) is the text's fault too.
    const column = err instanceof ParseError ? { column: err.column } : {};
    return {
      status: 400,
      body: { error: { code: err.code, message: err.message, ...column, fields: [{ path: 'text', message: err.message }] } },
    };
  }
  const d = description;
  return {
    status: 200,
    body: {
      kind: d.kind,
      text: d.text,
      canonical: d.canonical,
      fingerprint: d.fingerprint,
      params: d.params,
      size: d.size,
      depth: d.depth,
      features: d.kind === 'activation' ? jsonSafe(features(expr)) : {},
      ...candidatePlot(expr, kind),
      layer: d.kind === 'layer' ? { aggregates: d.aggregates, knownLayer: d.knownLayer } : null,
    },
  };
}
