import { describe, expect, it } from 'vitest';
import { finaleSeeds, linePlot, paired, type FinaleSeedResult } from '@actsearch/engine';

const seeds = (metrics: readonly (number | null)[]): FinaleSeedResult[] =>
  metrics.map((metric, seed) => ({ seed, status: metric === null ? 'rejected' : 'done', metric }));

describe('paired comparison with ReLU', () => {
  it('matches SciPy ttest_rel on the per-seed differences, one-sided for "better"', () => {
    // scipy.stats.ttest_rel([.91,.93,.92,.95], [.90,.915,.93,.94], alternative='greater') → t 1.12747, p 0.170788
    const result = paired(seeds([0.91, 0.93, 0.92, 0.95]), seeds([0.9, 0.915, 0.93, 0.94]));
    expect(result?.n).toBe(4);
    expect(result?.meanDiff).toBeCloseTo(0.00625, 12);
    expect(result?.t).toBeCloseTo(1.1274690420042435, 9);
    expect(result?.p).toBeCloseTo(0.34157599984054093 / 2, 6);
    expect(result?.ciHigh).toBeCloseTo(0.00625 + 0.017641539294653494, 9);
  });

  it('pairs only seeds both have a metric for, and has no test below two pairs', () => {
    const result = paired(seeds([0.5, null, 0.7]), seeds([0.4, 0.6, null]));
    expect(result).toEqual({ n: 1, meanDiff: 0.09999999999999998, ciLow: null, ciHigh: null, clipped: 'none', t: null, p: null });
    expect(paired(seeds([null, null]), seeds([0.4, 0.6]))).toBeNull();
  });
});

describe('finale seeds', () => {
  it("start with the campaign's own seeds and fill with the smallest unused ones", () => {
    expect(finaleSeeds([5], 3)).toEqual([5, 0, 1]);
    expect(finaleSeeds([1, 0], 3)).toEqual([1, 0, 2]);
    expect(finaleSeeds([0, 1, 2, 3], 2)).toEqual([0, 1]);
  });
});

describe('linePlot', () => {
  it('draws one path per series, breaking it where y leaves the range', () => {
    const svg = linePlot(
      [
        {
          label: 'a<b',
          color: 'red',
          points: [
            [-1, 0],
            [0, 1],
            [1, 100],
            [2, 2],
          ],
        },
        {
          label: 'flat',
          color: 'blue',
          points: [
            [-1, 0],
            [2, 0],
          ],
        },
      ],
      { title: 't', yRange: [-1, 5] },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    // The first series leaves the range at x = 1: two sub-paths.
    expect(svg.match(/d="M[^"]*M/g)).toHaveLength(1);
    expect(svg).toContain('a&lt;b');
  });
});
