import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from '@actsearch/search';
import { Rng } from '@actsearch/expr';
import { expectedImprovement, FeatureScaler, gammaDraw, KnnIndex, normalCdf, predict } from '../../../packages/search/src/knn-model.ts';

describe('k-NN model', () => {
  it('keeps each candidate’s k nearest observations as observations arrive', () => {
    const index = new KnnIndex([Float64Array.of(0), Float64Array.of(10)], 2);
    index.add(Float64Array.of(9));
    index.add(Float64Array.of(1));
    index.add(Float64Array.of(0.5));
    expect(index.neighbours(0).map((n) => n.observation)).toEqual([2, 1]);
    expect(index.neighbours(1).map((n) => n.observation)).toEqual([0, 1]);
  });

  it('predicts by inverse-distance weighting and grows uncertain far from the data', () => {
    const values = [1, 3];
    const prior = { mean: 2, sd: 1 };
    const near = predict(
      [
        { distance: 1, observation: 0 },
        { distance: 3, observation: 1 },
      ],
      (i) => values[i] as number,
      prior,
      10,
    );
    expect(near.mean).toBeCloseTo((1 * 1 + 3 / 3) / (1 + 1 / 3), 6);
    const far = predict(
      [
        { distance: 30, observation: 0 },
        { distance: 30, observation: 1 },
      ],
      (i) => values[i] as number,
      prior,
      10,
    );
    expect(far.mean).toBeCloseTo(2, 9);
    expect(far.sd).toBeCloseTo(1 + 1, 9);
    expect(predict([], () => 0, prior, 10)).toEqual(prior);
  });

  it('computes expected improvement and the normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(expectedImprovement({ mean: 0, sd: 1 }, 0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 6);
    expect(expectedImprovement({ mean: 2, sd: 0 }, 1)).toBe(1);
  });

  it.each([0.5, 1, 4])('draws Gamma variates of shape %s with the right mean and variance (randomised UCB’s κ)', (shape) => {
    const rng = new Rng(7);
    const scale = 0.5 / shape;
    const xs = Array.from({ length: 20_000 }, () => gammaDraw(rng, shape, scale));
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(xs.every((x) => x > 0)).toBe(true);
    expect(mean).toBeCloseTo(shape * scale, 1);
    expect(Math.abs(variance / (shape * scale * scale) - 1)).toBeLessThan(0.06);
  });

  it('standardizes features and zeroes constant ones', () => {
    const s = new FeatureScaler([Float64Array.of(1, 5), Float64Array.of(3, 5)]);
    expect([...s.transform(Float64Array.of(3, 5))]).toEqual([1, 0]);
  });
});

describe('Pareto dominance', () => {
  it('finds the non-dominated points', () => {
    expect(dominates([1, 1], [1, 0])).toBe(true);
    expect(dominates([1, 1], [1, 1])).toBe(false);
    expect(
      paretoFront([
        [1, 0],
        [0, 1],
        [0.5, 0.5],
        [0.4, 0.4],
        [1, 0],
      ]),
    ).toEqual([0, 1, 2, 4]);
  });
});
