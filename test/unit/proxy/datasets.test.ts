import { describe, expect, it } from 'vitest';
import { loadDataset, parseIdx, periodicTarget } from '@actsearch/proxy';

describe('datasets', () => {
  it('splits MNIST into 50,000 / 10,000 / 10,000 images of 784 bytes with labels 0–9', () => {
    const ds = loadDataset('mnist');
    expect([ds.train.n, ds.validation.n, ds.test.n]).toEqual([50000, 10000, 10000]);
    expect(ds.train.x.length).toBe(50000 * 784);
    expect(ds.inputShape).toEqual([28, 28, 1]);
    const counts = new Array(10).fill(0);
    for (const l of ds.validation.labels!) counts[l]++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(counts.reduce((a, b) => a + b)).toBe(10000);
    // The normalised background pixel is (0 − 0.1307)/0.3081.
    expect(ds.lut![0]).toBeCloseTo(-0.4242, 4);
  });

  it('rejects a file that is not an unsigned-byte IDX file', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 7]))).toThrow(/IDX/);
    expect(parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])).data).toEqual(new Uint8Array([7, 9]));
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7]))).toThrow(/truncated/);
  });

  it('generates the same synthetic data every time, with balanced classes', () => {
    const a = loadDataset('two-spirals');
    const b = loadDataset('two-spirals');
    expect(a.train.x).toEqual(b.train.x);
    const ones = a.train.labels!.reduce((s, l) => s + l, 0);
    expect(ones).toBe(a.train.n / 2);
    const cb = loadDataset('checkerboard');
    // Every label matches the board's colour at its point.
    for (let i = 0; i < 200; i++) {
      const x = cb.train.x[2 * i]!;
      const y = cb.train.x[2 * i + 1]!;
      expect(cb.train.labels![i]).toBe((((Math.floor(x) + Math.floor(y)) % 2) + 2) % 2);
    }
  });

  it('fits the periodic task on [−π, π] and scores it on [π, 3π]', () => {
    const ds = loadDataset('periodic-extrapolation');
    expect(ds.kind).toBe('regression');
    expect(Math.max(...ds.train.x)).toBeLessThanOrEqual(Math.PI);
    expect(Math.min(...ds.train.x)).toBeGreaterThanOrEqual(-Math.PI);
    expect(Math.min(...ds.validation.x)).toBeGreaterThanOrEqual(Math.PI);
    expect(Math.max(...ds.test.x)).toBeLessThanOrEqual(3 * Math.PI);
    for (let i = 0; i < 10; i++) expect(ds.validation.targets![i]).toBeCloseTo(periodicTarget(ds.validation.x[i]!), 5);
  });
});
