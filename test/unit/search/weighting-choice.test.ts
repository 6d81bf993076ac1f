import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';
import { bestWeighting, leaveOneOutError } from '../../../packages/search/src/weighting-choice.ts';

describe('choosing a feature weighting by leave-one-out error', () => {
  // Scores that are a smooth function of the first coordinate; the second coordinate is noise.
  const rng = new Rng(7);
  const points = Array.from({ length: 40 }, () => [rng.next() * 10, rng.next() * 10] as const);
  const values = points.map(([a]) => Math.sin(a));
  const weighted = (wa: number, wb: number) => points.map(([a, b]) => Float64Array.of(wa * a, wb * b));

  it('predicts each score from its neighbours in the other rows: a weighting that sees the signal errs less than one that sees only noise', () => {
    const signal = leaveOneOutError(weighted(1, 0), values, 3);
    const noise = leaveOneOutError(weighted(0, 1), values, 3);
    expect(signal).toBeLessThan(0.05);
    expect(noise).toBeGreaterThan(signal * 5);
  });

  it('picks the weighting with the lowest error, whatever its position in the list', () => {
    expect(bestWeighting([weighted(0, 1), weighted(1, 1), weighted(1, 0)], values, 3)).toBe(2);
    expect(bestWeighting([weighted(1, 0), weighted(0, 1)], values, 3)).toBe(0);
  });
});
