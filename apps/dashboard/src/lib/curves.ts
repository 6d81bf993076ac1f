/**
 * Samples activations on a grid in the browser with @actsearch/expr (pure, so it bundles): the
 * leaderboard's sparklines need f for every row without one request per row, and the activation
 * page's ReLU/Swish/GELU overlays use the same engine the server scores with.
 */
import { evaluateArray, parse } from '@actsearch/expr';

export const PLOT_LO = -5;
export const PLOT_HI = 5;

export function grid(lo: number, hi: number, points: number): Float64Array {
  return Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
}

/** f on `xs` with parameters at their initial values; non-finite values become null (gaps). */
export function sampleExpression(text: string, xs: Float64Array): (number | null)[] | null {
  let values: Float64Array;
  try {
    values = evaluateArray(parse(text), xs);
  } catch {
    return null;
  }
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

const SPARK_XS = grid(PLOT_LO, PLOT_HI, 61);
const sparkCache = new Map<string, (number | null)[] | null>();

/** The sparkline samples of an expression on [−5, 5], cached by text (pages re-render often). */
export function sparkSamples(text: string): { xs: Float64Array; ys: (number | null)[] | null } {
  let ys = sparkCache.get(text);
  if (ys === undefined) {
    ys = sampleExpression(text, SPARK_XS);
    if (sparkCache.size > 5000) sparkCache.clear();
    sparkCache.set(text, ys);
  }
  return { xs: SPARK_XS, ys };
}

/** The reference activations a candidate is compared with on its page. */
export const BASELINES = [
  { id: 'relu', label: 'ReLU', text: 'relu(x)' },
  { id: 'swish', label: 'Swish', text: 'swish(x)' },
  { id: 'gelu', label: 'GELU', text: 'gelu(x)' },
] as const;

export type BaselineId = (typeof BASELINES)[number]['id'];
