import { z } from 'zod';
import { canonicalize, parse, type Expr } from '@actsearch/expr';

/** A baseline's function: an expression, or a bare unary op name (`relu` for `relu(x)`). */
export function baselineExpr(text: string): Expr {
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(text.trim()) && text.trim() !== 'x';
  return canonicalize(parse(bare ? `${text.trim()}(x)` : text));
}

/** An activation named in a spec: an expression, or a bare op name (`relu`). */
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
