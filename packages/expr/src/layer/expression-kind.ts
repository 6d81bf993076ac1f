/**
 * The one rule that tells a stored or typed expression's kind, and the parse, description and export
 * that follow from it. Everything that shows an expression it did not build itself (the API, the CLI,
 * the report, the dashboard) asks here instead of trying one parser and then the other.
 */
import type { Expr } from '../ast.ts';
import { parse } from '../parse.ts';
import { isAggregateName } from './aggregates.ts';
import { getKnownLayer, resolveLayer } from './known-layers.ts';

export const EXPRESSION_KINDS = ['activation', 'layer'] as const;
export type ExpressionKind = (typeof EXPRESSION_KINDS)[number];

/** A parsed expression with its kind: an activation's AST is `parse`'s, a layer's `parseLayer`'s. */
export type ParsedExpression = { readonly kind: 'activation'; readonly expr: Expr } | { readonly kind: 'layer'; readonly expr: Expr };

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * `layer` when the text names a known layer (`evonorm_b0`) or calls a statistic of the layer input
 * (`batch_var(x)`, …), else `activation`. Lexical, so it never throws: text that neither parser accepts
 * gets a kind all the same, and that kind's parser says what is wrong with it. The two kinds cannot be
 * confused: `parse` refuses every aggregate and `parseLayer` demands one.
 */
export function expressionKind(text: string): ExpressionKind {
  if (getKnownLayer(text.trim()) !== undefined) return 'layer';
  for (const [name] of text.matchAll(IDENTIFIER)) if (isAggregateName(name)) return 'layer';
  return 'activation';
}

/**
 * Parses either kind: an activation with `parse`, a layer (or a known layer's name) with
 * `resolveLayer`, whose parameters start at the layer defaults. Throws what that parser throws
 * (ParseError, or ValidationError for a bad layer).
 */
export function parseExpression(text: string): ParsedExpression {
  return expressionKind(text) === 'layer' ? { kind: 'layer', expr: resolveLayer(text) } : { kind: 'activation', expr: parse(text) };
}
