import { describe, expect, it } from 'vitest';
import { seedStatistics } from '@actsearch/store';

const ACCURACY = { min: 0, max: 1 };

describe('seedStatistics', () => {
  it('gives the t-interval of the mean (scipy.stats.t.ppf(0.975, 2) = 4.302652729749462)', () => {
    const s = seedStatistics(3, 0.9, 0.01, ACCURACY);
    const half = (4.302652729749462 * 0.01) / Math.sqrt(3);
    expect(s.ciLow).toBeCloseTo(0.9 - half, 9);
    expect(s.ciHigh).toBeCloseTo(0.9 + half, 9);
    expect(s.clipped).toBe('none');
  });

  it('cuts an interval that reaches past the metric range at the range and says which end', () => {
    const s = seedStatistics(2, 0.995, 0.005, ACCURACY);
    expect(s.ciHigh).toBe(1);
    expect(s.ciLow).toBeCloseTo(0.995 - 12.706204736174694 * (0.005 / Math.SQRT2), 9);
    expect(s.clipped).toBe('high');
    expect(seedStatistics(2, 0.5, 0.5, ACCURACY)).toMatchObject({ ciLow: 0, ciHigh: 1, clipped: 'both' });
    expect(seedStatistics(3, 0.02, 0.03, ACCURACY)).toMatchObject({ ciLow: 0, clipped: 'low' });
  });

  it('leaves the interval whole without a range, and has none for one seed', () => {
    expect(seedStatistics(2, 0.995, 0.005).ciHigh).toBeGreaterThan(1);
    expect(seedStatistics(1, 0.9, null, ACCURACY)).toEqual({ n: 1, mean: 0.9, std: null, ciLow: null, ciHigh: null, clipped: 'none' });
  });
});
