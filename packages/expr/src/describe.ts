/** What the CLI's `expr parse` and the API's expression box both show of a parsed expression. */
import type { Expr } from './ast.ts';
import { canonicalize } from './canonical.ts';
import { fingerprint } from './fingerprint.ts';
import { print } from './print.ts';
import { exprDepth, exprSize, paramsOf } from './tree.ts';

export interface ExprDescription {
  readonly text: string;
  readonly canonical: string;
  readonly fingerprint: string;
  readonly params: { readonly name: string; readonly init: number }[];
  readonly size: number;
  readonly depth: number;
}

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
