/** `POST /api/expr/parse`: the dashboard's expression box. */
import { describeExpr, features, parse } from '@actsearch/expr';
import { ParseError } from '@actsearch/core';
import { z } from 'zod';
import type { Reply, RouteInput } from '../route.ts';
import { jsonSafe, plotPoints } from '../plot.ts';

export const parseExprBody = z.strictObject({
  text: z.string().min(1).max(4096).describe('an expression such as `x * sigmoid(beta * x)`'),
});

export async function parseExpr(input: RouteInput<unknown, unknown, z.output<typeof parseExprBody>>): Promise<Reply> {
  let expr;
  try {
    expr = parse(input.body.text);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    return {
      status: 400,
      body: { error: { code: err.code, message: err.message, column: err.column, fields: [{ path: 'text', message: err.message }] } },
    };
  }
  return {
    status: 200,
    body: {
      ...describeExpr(expr),
      features: jsonSafe(features(expr)),
      plot: plotPoints(expr),
    },
  };
}
