/**
 * What shows a stored candidate follows its kind (`candidateKindOfText`: a layer names a statistic of
 * its input, or is a known layer): its description, its display text and its export, for both kinds.
 */
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '@actsearch/core';
import {
  EXPORT_LANGS,
  KNOWN_LAYERS,
  canonicalize,
  candidateKindOfText,
  describeCandidate,
  displayText,
  exportCandidate,
  exportLangsOf,
  fingerprint,
  layerFingerprint,
  parse,
  parseCandidate,
  printLayer,
  resolveLayer,
} from '@actsearch/expr';

describe('candidateKindOfText', () => {
  it('calls a text with an aggregate, or a known layer name, a layer and everything else an activation', () => {
    expect(candidateKindOfText('x / sqrt(batch_var(x) + eps) * gamma + beta')).toBe('layer');
    expect(candidateKindOfText('  evonorm_s0 ')).toBe('layer');
    expect(candidateKindOfText('x * sigmoid(beta * x)')).toBe('activation');
    expect(candidateKindOfText('relu')).toBe('activation');
    // Text that parses as neither is read as an activation, whose parser then names the problem.
    expect(candidateKindOfText('x +* 2')).toBe('activation');
    expect(() => parseCandidate('x / batch_var(x', candidateKindOfText('x / batch_var(x'))).toThrow(ParseError);
  });
});

describe('describeCandidate', () => {
  it("describes a layer by its layer fingerprint, aggregates and known layer's name", () => {
    const d = describeCandidate(
      parseCandidate('x / max(sqrt(batch_var(x) + eps), v * x + sqrt(instance_var(x) + eps)) * gamma + beta', 'layer'),
      'layer',
    );
    expect(d.kind).toBe('layer');
    if (d.kind !== 'layer') return;
    expect(d.fingerprint).toBe(layerFingerprint(resolveLayer('evonorm_b0')));
    expect(d.knownLayer).toBe('evonorm_b0');
    expect(d.aggregates).toEqual(['batch_var(x)', 'instance_var(x)']);
    expect(d.params.map((p) => p.name)).toEqual(['v', 'gamma', 'beta']);
    expect(layerFingerprint(parseCandidate(d.canonical, 'layer'))).toBe(d.fingerprint);
    const unknown = describeCandidate(parseCandidate('x / sqrt(layer_var(x) + eps)', 'layer'), 'layer');
    expect(unknown.kind === 'layer' && unknown.knownLayer).toBeNull();
  });

  it('describes an activation as describeExpr did, with its kind', () => {
    const d = describeCandidate(parse('swish(x)'), 'activation');
    expect(d).toMatchObject({ kind: 'activation', fingerprint: fingerprint(parse('swish(x)')) });
    expect('aggregates' in d).toBe(false);
  });
});

describe('displayText of a layer', () => {
  it("shows a known layer in any form as the known layer's definition, which parses back to it", () => {
    for (const known of KNOWN_LAYERS) {
      const stored = printLayer(canonicalize(resolveLayer(known.name)));
      expect(displayText(stored)).toBe(known.text);
      expect(displayText(stored, layerFingerprint(resolveLayer(known.name)))).toBe(known.text);
    }
  });

  it('shows any other layer printed with the layer defaults, and leaves text that parses as neither alone', () => {
    expect(displayText('tanh(x) / sqrt(batch_mean(square(x)) + eps) * gamma + beta')).toBe(
      'tanh(x) / sqrt(batch_mean(square(x)) + 0.00001) * gamma + beta',
    );
    expect(displayText('batch_var(x')).toBe('batch_var(x');
    // A layer the probe tensor cannot evaluate (16 channels, 40 groups) is no known layer, not an error.
    expect(displayText('x / sqrt(group_var(x, 40) + eps)')).toBe('x / sqrt(group_var(x, 40) + 0.00001)');
  });

  it("writes a canonical layer's affine last, as the same layer", () => {
    const stored = printLayer(canonicalize(resolveLayer('x / sqrt(layer_var(x) + eps) * gamma + beta')));
    expect(stored).toBe('beta + gamma * (x / sqrt(layer_var(x) + 0.00001))');
    expect(displayText(stored)).toBe('x / sqrt(layer_var(x) + 0.00001) * gamma + beta');
    expect(layerFingerprint(resolveLayer(displayText(stored)))).toBe(layerFingerprint(resolveLayer(stored)));
  });
});

describe('exportCandidate', () => {
  it('exports a layer to PyTorch and NumPy and refuses every other language on the lang field', () => {
    const layer = resolveLayer('evonorm_s0');
    expect(exportLangsOf('layer')).toEqual(['pytorch', 'numpy']);
    expect(exportCandidate(layer, 'layer', 'pytorch', { name: 'evo' }).code).toMatch(/class Evo\(nn\.Module\)/);
    expect(exportCandidate(layer, 'layer', 'numpy').code).toMatch(/class ActsearchLayer:/);
    for (const lang of EXPORT_LANGS.filter((l) => !exportLangsOf('layer').includes(l))) {
      let error: unknown;
      try {
        exportCandidate(layer, 'layer', lang);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.map((f) => f.path)).toEqual(['lang']);
      expect((error as ValidationError).message).toMatch(new RegExp(`layers export to pytorch and numpy, not '${lang}'`));
    }
  });

  it('exports an activation to every activation language', () => {
    expect(exportLangsOf('activation')).toEqual(EXPORT_LANGS);
    expect(exportCandidate(parse('relu(x)'), 'activation', 'jax').code).toMatch(/jax/);
  });
});
