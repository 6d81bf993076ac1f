import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '@actsearch/store';

// scipy.stats.t.ppf(p, df), printed with repr().
const SCIPY: [number, number, number][] = [
  [0.975, 1, 12.706204736174694],
  [0.975, 2, 4.302652729749462],
  [0.975, 3, 3.1824463052837078],
  [0.975, 4, 2.7764451051977934],
  [0.975, 9, 2.262157162798205],
  [0.975, 30, 2.0422724563012378],
  [0.975, 1000, 1.9623390808264083],
  [0.95, 5, 2.0150483733330233],
  [0.995, 7, 3.4994832973504924],
];

describe('Student t quantiles', () => {
  it.each(SCIPY)('ppf(%s, df=%s) matches scipy to 1e-9 relative', (p, df, expected) => {
    expect(Math.abs(studentTQuantile(p, df) - expected) / expected).toBeLessThan(1e-9);
  });

  it('is symmetric and inverts the cdf', () => {
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451051977934, 9);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTCdf(studentTQuantile(0.9, 6), 6)).toBeCloseTo(0.9, 12);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});
