import { describe, expect, it } from 'vitest';
import { parse } from '@actsearch/expr';
import { exprAnalyzer } from '@actsearch/search';
import { NETWORK_FEATURE_COUNT, networkFeatures } from '../../../packages/search/src/network-features.ts';

// Layout (network-features.ts): per reported layer (first, last) [slog mean square, tanh(mean/sd), finite share, mean cosine], then [slog mean log-gain, slog sd log-gain, vanished share].
const LAST = 4;
const GAIN = 8;
const of = (text: string) => networkFeatures(parse(text));

describe('network features (an activation in a randomly initialised MLP)', () => {
  it('are finite, fixed-length and the same on every call, even for exploding or undefined functions', () => {
    for (const text of ['x', 'max(x, 0)', 'exp(exp(x))', 'log(x)', '1 / x', '0 * x + 1']) {
      const f = of(text);
      expect(f).toHaveLength(NETWORK_FEATURE_COUNT);
      expect(f.every((v) => Number.isFinite(v))).toBe(true);
      expect(of(text)).toEqual(f);
    }
  });

  it('see a constant activation collapse every input to one point and pass no gradient back', () => {
    const f = of('0 * x + 1');
    expect(f[LAST + 3]).toBeCloseTo(1, 9); // every sample's last-layer output is the same vector
    expect(f[GAIN + 2]).toBe(1); // every sample's gradient vanished
    const relu = of('max(x, 0)');
    expect(relu[LAST + 3]).toBeLessThan(0.99);
    expect(relu[GAIN + 2]).toBe(0);
  });

  it('measure the gradient gain: ReLU halves what the identity passes back, per layer', () => {
    // He-normal truncated at 2σ has variance 0.774 · 2/fan-in, so through three layers the identity's
    // squared gradient grows by (2 · 0.774)³ (ln ≈ 1.31) and ReLU's by 0.774³ (ln ≈ −0.77): ln 8 ≈ 2.08 apart.
    const gainOf = (text: string) => {
      const v = of(text)[GAIN] as number;
      return Math.sign(v) * Math.expm1(Math.abs(v)); // undo slog
    };
    expect(gainOf('x')).toBeGreaterThan(0.9);
    expect(gainOf('x')).toBeLessThan(1.6);
    expect(gainOf('x') - gainOf('max(x, 0)')).toBeGreaterThan(1.6);
    expect(gainOf('x') - gainOf('max(x, 0)')).toBeLessThan(2.6);
    expect(gainOf('0.1 * x')).toBeLessThan(-8); // 3 · ln(0.01 · 1.55) ≈ −12.5: a vanishing gradient
  });

  it('tell functions apart that look alike on probe points but not in a network (tanh vs. softsign)', () => {
    const a = of('tanh(x)');
    const b = of('x / (1 + abs(x))');
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))))).toBeGreaterThan(0.05);
  });

  it('are the default analyzer’s `network` group, after its `probes` group', () => {
    const groups = exprAnalyzer.featureGroups ?? [];
    expect(groups.map((g) => g.name)).toEqual(['probes', 'network']);
    const all = exprAnalyzer.featurize(parse('max(x, 0)'));
    expect(all).toHaveLength(groups.reduce((a, g) => a + g.size, 0));
    expect(Array.from(all.slice(all.length - NETWORK_FEATURE_COUNT))).toEqual(Array.from(of('max(x, 0)')));
  });
});
