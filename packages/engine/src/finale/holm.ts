/**
 * Holm's step-down adjustment of a family of p-values (Holm 1979): the i-th smallest is multiplied by
 * (m − i + 1), then made monotone and capped at 1. Rejecting where the adjusted p < α keeps the
 * family-wise error rate at α under any dependence between the tests. Same as statsmodels'
 * `multipletests(p, method='holm')`. The order of the result is the order of the input.
 */
export function holmAdjust(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
