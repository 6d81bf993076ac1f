import type { Prescreen } from '@actsearch/engine';
import { prescreenExpr } from '@actsearch/proxy';

/** The proxy's TF-free pre-screen (non-finite, constant, linear, exploding, vanishing gradient). */
export const proxyPrescreen: Prescreen = (expr, options) => {
  const verdict = prescreenExpr(expr, options);
  return verdict === null ? null : { check: verdict.check, reason: verdict.reason };
};
