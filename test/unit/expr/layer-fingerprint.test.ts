/**
 * The layer fingerprint: equal for the same layer written differently (exact float32 identities,
 * canonical forms), different wherever the layer differs on the probe tensor.
 */
import { describe, expect, it } from 'vitest';
import { KNOWN_LAYERS, canonicalize, layerFingerprint, parseLayer, resolveLayer } from '@actsearch/expr';

const fp = (text: string) => layerFingerprint(parseLayer(text));

describe('layerFingerprint', () => {
  it('is stable and distinct across the known layers', () => {
    const prints = KNOWN_LAYERS.map((l) => layerFingerprint(resolveLayer(l.name)));
    expect(new Set(prints).size).toBe(KNOWN_LAYERS.length);
    expect(KNOWN_LAYERS.map((l) => layerFingerprint(resolveLayer(l.name)))).toEqual(prints);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{16}$/);
  });

  it('dedupes float32-exact identities as the activation fingerprint does', () => {
    expect(fp('sqrt(square(x - batch_mean(x))) * gamma')).toBe(fp('abs(x - batch_mean(x)) * gamma'));
    expect(fp('gamma * (x / sqrt(instance_var(x) + eps)) + beta')).toBe(fp('beta + x / sqrt(instance_var(x) + eps) * gamma'));
    expect(fp('max(x, layer_mean(x))')).toBe(fp('max(layer_mean(x), x)'));
    expect(fp('x / sqrt(group_var(x, 4) + eps)')).toBe(fp('x / sqrt(group_var(x * 1, 4) + 1e-5)'));
  });

  it('is unchanged by canonicalize on every known layer', () => {
    for (const l of KNOWN_LAYERS) {
      const e = resolveLayer(l.name);
      expect(layerFingerprint(canonicalize(e)), l.name).toBe(layerFingerprint(e));
    }
  });

  it('tells apart statistics over different axes, group counts, and a trainable shift at its zero init', () => {
    const variants = [
      'x / sqrt(batch_var(x) + eps)',
      'x / sqrt(instance_var(x) + eps)',
      'x / sqrt(layer_var(x) + eps)',
      'x / sqrt(group_var(x, 2) + eps)',
      'x / sqrt(group_var(x, 4) + eps)',
      'x / sqrt(batch_mean(square(x)) + eps)',
    ];
    expect(new Set(variants.map(fp)).size).toBe(variants.length);
    // Per-sample statistics take both signs on the probe, so max(x², mean) is not x² there.
    expect(fp('max(square(x), layer_mean(x))')).not.toBe(fp('square(x) + 0 * layer_mean(x)'));
    expect(fp('max(square(x), instance_mean(x))')).not.toBe(fp('square(x) + 0 * instance_mean(x)'));
    // β starts at 0, but a layer with a trainable shift is not the layer without it.
    expect(fp('x / sqrt(batch_var(x) + eps) + beta')).not.toBe(fp('x / sqrt(batch_var(x) + eps)'));
    expect(fp('x / sqrt(batch_var(x) + eps) + beta; beta = 1')).not.toBe(fp('x / sqrt(batch_var(x) + eps) + beta'));
  });

  it('refuses a group count that does not divide the probe channels', () => {
    expect(() => fp('x / sqrt(group_var(x, 3) + eps)')).toThrow(/do not divide into 3 groups/);
  });
});
