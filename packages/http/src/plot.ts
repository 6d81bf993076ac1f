/**
 * Plot points of an activation and its derivative on [−5, 5] (parameters at their initial values),
 * for the dashboard's charts. Non-finite values become null: JSON has no NaN. A layer gets no plot
 * and a note saying why, never an error.
 */
import { derivative, evaluateArray, type CandidateKind, type Expr } from '@actsearch/expr';

export const PLOT_RANGE = [-5, 5] as const;
export const PLOT_POINTS = 201;

export interface PlotPoints {
  readonly x: number[];
  readonly f: (number | null)[];
  readonly df: (number | null)[];
}

function finiteOrNull(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

export function plotPoints(expr: Expr, points = PLOT_POINTS): PlotPoints {
  const [lo, hi] = PLOT_RANGE;
  const xs = Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  return {
    x: Array.from(xs),
    f: finiteOrNull(evaluateArray(expr, xs)),
    df: finiteOrNull(evaluateArray(derivative(expr, 'x'), xs)),
  };
}

/**
 * Why a layer has no f(x) curve: its output at an element depends on statistics of the whole input,
 * so the same x maps to different outputs in different batches (and in training and evaluation mode).
 */
export const LAYER_PLOT_NOTE =
  'a layer has no f(x) plot: its output depends on statistics of its whole input (batch, instance, group or layer), not on x alone';

/** The `plot` and `plotNote` fields of a response, for either kind. */
export function candidatePlot(expr: Expr, kind: CandidateKind): { plot: PlotPoints | null; plotNote: string | null } {
  return kind === 'layer' ? { plot: null, plotNote: LAYER_PLOT_NOTE } : { plot: plotPoints(expr), plotNote: null };
}

/** Features as JSON: non-finite numbers become null. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}
