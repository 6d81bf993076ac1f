import { describe, expect, it } from 'vitest';
import { GpIndex } from '../../../packages/search/src/gp-model.ts';

/** The textbook posterior, by Gaussian elimination on K + noise·I: what the incremental index must equal. */
function direct(xs: number[], ys: number[], at: number, ell: number, noise: number): { mean: number; sd: number } {
  const k = (a: number, b: number) => Math.exp(-((a - b) ** 2) / (2 * ell * ell));
  const n = xs.length;
  const solve = (b: number[]): number[] => {
    const a = xs.map((xi, i) => [...xs.map((xj, j) => k(xi, xj) + (i === j ? noise : 0)), b[i] as number]);
    for (let c = 0; c < n; c++) {
      for (let r = c + 1; r < n; r++) {
        const f = (a[r]?.[c] as number) / (a[c]?.[c] as number);
        for (let j = c; j <= n; j++) (a[r] as number[])[j] = (a[r]?.[j] as number) - f * (a[c]?.[j] as number);
      }
    }
    const z = new Array<number>(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let s = a[r]?.[n] as number;
      for (let j = r + 1; j < n; j++) s -= (a[r]?.[j] as number) * (z[j] as number);
      z[r] = s / (a[r]?.[r] as number);
    }
    return z;
  };
  const ks = xs.map((x) => k(x, at));
  const alpha = solve(ys);
  const mean = ks.reduce((s, v, i) => s + v * (alpha[i] as number), 0);
  const kinv = solve(ks);
  const variance = 1 - ks.reduce((s, v, i) => s + v * (kinv[i] as number), 0);
  return { mean, sd: Math.sqrt(Math.max(variance, 0)) };
}

describe('incremental Gaussian process', () => {
  const candidates = [-2, -0.5, 0, 0.7, 1.5, 6].map((x) => Float64Array.of(x));
  const xs = [-1, 0.5, 1, 2.5];
  const ys = [0.3, -1.2, 0.8, 0.1];

  it('gives the textbook posterior mean and standard deviation after observations arrive one by one', () => {
    const gp = new GpIndex(candidates, 0.9, 0.05);
    for (const x of xs) gp.add(Float64Array.of(x));
    const w = gp.weights(ys);
    candidates.forEach((c, i) => {
      const want = direct(xs, ys, c[0] as number, 0.9, 0.05);
      const got = gp.predict(i, w);
      expect(got.mean).toBeCloseTo(want.mean, 10);
      expect(got.sd).toBeCloseTo(want.sd, 10);
    });
  });

  it('is sure near observations and falls back to the prior (mean 0, sd 1) far from them', () => {
    const gp = new GpIndex([Float64Array.of(0.5), Float64Array.of(50)], 1, 1e-4);
    for (const x of xs) gp.add(Float64Array.of(x));
    const w = gp.weights(ys);
    const near = gp.predict(0, w);
    expect(near.mean).toBeCloseTo(-1.2, 2);
    expect(near.sd).toBeLessThan(0.02);
    const far = gp.predict(1, w);
    expect(far.mean).toBeCloseTo(0, 9);
    expect(far.sd).toBeCloseTo(1, 9);
  });

  it('stays finite when the same point is observed twice', () => {
    const gp = new GpIndex(candidates, 1, 1e-6);
    gp.add(Float64Array.of(0));
    gp.add(Float64Array.of(0));
    const p = gp.predict(2, gp.weights([1, 1]));
    expect(Number.isFinite(p.mean) && Number.isFinite(p.sd)).toBe(true);
    expect(p.mean).toBeCloseTo(1, 3);
  });
});
