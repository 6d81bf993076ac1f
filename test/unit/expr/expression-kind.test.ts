/**
 * One rule tells an expression's kind (a layer names a statistic of its input, or a known layer), and
 * parse, description, display and export follow it for both kinds.
 */
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '@actsearch/core';
import {
  EXPORT_LANGS,
  KNOWN_LAYERS,
  canonicalize,
  describeExpression,
  displayText,
  exportExpression,
  exportLangsOf,
  expressionKind,
  fingerprint,
  layerFingerprint,
  parse,
  parseExpression,
  printLayer,
  resolveLayer,
} from '@actsearch/expr';

describe('expressionKind', () => {
  it('calls a text with an aggregate, or a known layer name, a layer and everything else an activation', () => {
    expect(expressionKind('x / sqrt(batch_var(x) + eps) * gamma + beta')).toBe('layer');
    expect(expressionKind('  evonorm_s0 ')).toBe('layer');
    expect(expressionKind('x * sigmoid(beta * x)')).toBe('activation');
    expect(expressionKind('relu')).toBe('activation');
    // Text neither parser accepts still gets a kind; the kind's parser names the problem.
    expect(expressionKind('x +* 2')).toBe('activation');
    expect(expressionKind('batch_var(x')).toBe('layer');
  });
});

describe('parseExpression', () => {
  it("parses an activation as parse does and a layer as resolveLayer does (beta starts at the layer's 0)", () => {
    const activation = parseExpression('x * sigmoid(beta * x)');
    expect(activation.kind).toBe('activation');
    expect(activation.expr).toEqual(parse('x * sigmoid(beta * x)'));
    const layer = parseExpression('evonorm_b0');
    expect(layer.kind).toBe('layer');
    expect(layer.expr).toEqual(resolveLayer('evonorm_b0'));
  });

  it("throws the kind's own errors", () => {
    expect(() => parseExpression('x +* 2')).toThrow(ParseError);
    expect(() => parseExpression('x / sqrt(group_var(x, 0.5) + eps)')).toThrow(ValidationError);
  });
});

describe('describeExpression', () => {
  it("describes a layer by its layer fingerprint, aggregates and known layer's name", () => {
    const d = describeExpression(parseExpression('x / max(sqrt(batch_var(x) + eps), v * x + sqrt(instance_var(x) + eps)) * gamma + beta'));
    expect(d.kind).toBe('layer');
    if (d.kind !== 'layer') return;
    expect(d.fingerprint).toBe(layerFingerprint(resolveLayer('evonorm_b0')));
    expect(d.knownLayer).toBe('evonorm_b0');
    expect(d.aggregates).toEqual(['batch_var(x)', 'instance_var(x)']);
    expect(d.params.map((p) => p.name)).toEqual(['v', 'gamma', 'beta']);
    expect(layerFingerprint(parseExpression(d.canonical).expr)).toBe(d.fingerprint);
    const unknown = describeExpression(parseExpression('x / sqrt(layer_var(x) + eps)'));
    expect(unknown.kind === 'layer' && unknown.knownLayer).toBeNull();
  });

  it('describes an activation as describeExpr did, with its kind', () => {
    const d = describeExpression(parseExpression('swish(x)'));
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

describe('exportExpression', () => {
  it('exports a layer to PyTorch and NumPy and refuses every other language on the lang field', () => {
    const layer = parseExpression('evonorm_s0');
    expect(exportLangsOf('layer')).toEqual(['pytorch', 'numpy']);
    expect(exportExpression(layer, 'pytorch', { name: 'evo' }).code).toMatch(/class Evo\(nn\.Module\)/);
    expect(exportExpression(layer, 'numpy').code).toMatch(/class ActsearchLayer:/);
    for (const lang of EXPORT_LANGS.filter((l) => !exportLangsOf('layer').includes(l))) {
      let error: unknown;
      try {
        exportExpression(layer, lang);
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
    expect(exportExpression(parseExpression('relu(x)'), 'jax').code).toMatch(/jax/);
  });
});
