/**
 * Layer expressions are typed: aggregates parse only as layers, and a layer needs at least one
 * aggregate. Bad input is a ParseError / ValidationError with a readable message, never anything else.
 */
import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '@actsearch/core';
import {
  AGGREGATES,
  KNOWN_LAYERS,
  aggregatesOf,
  compileExpr,
  evaluate,
  isLayerExpr,
  layerParams,
  parse,
  parseLayer,
  printLayer,
  resolveLayer,
} from '@actsearch/expr';

describe('layer expressions', () => {
  it('parse every known layer by name, with per-channel parameters at their layer defaults', () => {
    for (const l of KNOWN_LAYERS) {
      const e = resolveLayer(l.name);
      expect(isLayerExpr(e)).toBe(true);
      expect(printLayer(parseLayer(printLayer(e)))).toBe(printLayer(e));
    }
    expect(layerParams(resolveLayer('evonorm_b0'))).toEqual([
      { name: 'v', init: 1 },
      { name: 'gamma', init: 1 },
      { name: 'beta', init: 0 },
    ]);
  });

  it('accept every aggregate, eps and EvoNorm parameter names, and a declaration clause', () => {
    for (const a of AGGREGATES) {
      const text = a.arity === 2 ? `${a.name}(x, 2)` : `${a.name}(x)`;
      expect(aggregatesOf(parseLayer(`x - ${text}`)).map((g) => g.def.name)).toEqual([a.name]);
    }
    const e = parseLayer('x * v1 / sqrt(instance_var(x * v0) + eps) + beta; beta = 0.5');
    expect(layerParams(e)).toEqual([
      { name: 'v1', init: 1 },
      { name: 'v0', init: 0 },
      { name: 'beta', init: 0.5 },
    ]);
    expect(printLayer(e)).toBe('x * v1 / sqrt(instance_var(x * v0) + 0.00001) + beta; beta = 0.5');
  });

  it('refuse aggregates in an element-wise activation with a ParseError that says why', () => {
    expect(() => parse('x / sqrt(batch_var(x) + 1e-5)')).toThrow(ParseError);
    expect(() => parse('x / sqrt(batch_var(x) + 1e-5)')).toThrow(/'batch_var' is a layer aggregate/);
    expect(() => parse('group_var')).toThrow(/'group_var' is a function/);
    // EvoNorm's names are not activation parameters, nor is eps a constant there.
    expect(() => parse('v * x')).toThrow(ParseError);
    expect(() => parse('x + eps')).toThrow(ParseError);
  });

  it('refuse a layer expression where an activation is evaluated, with a ValidationError', () => {
    const e = resolveLayer('bn_relu');
    expect(() => evaluate(e, 1)).toThrow(ValidationError);
    expect(() => compileExpr(e)).toThrow(/unknown op 'batch_mean'/);
  });

  it('refuse an activation as a layer, and a group count that is not a positive whole number', () => {
    expect(() => parseLayer('relu(x) * gamma + beta')).toThrow(ValidationError);
    expect(() => parseLayer('relu(x) * gamma + beta')).toThrow(/element-wise activation, not a layer/);
    expect(() => parseLayer('x / group_var(x, 0)')).toThrow(/number of groups/);
    expect(() => parseLayer('x / group_var(x, 1.5)')).toThrow(/number of groups/);
    expect(() => parseLayer('x / group_var(x, x)')).toThrow(/number of groups/);
    expect(() => parseLayer('x / group_var(x)')).toThrow(/'group_var' takes 2 arguments, got 1/);
    expect(() => parseLayer('x / batch_vra(x)')).toThrow(/did you mean 'batch_var'/);
    expect(() => resolveLayer('evonorm_b1')).toThrow(ParseError);
  });
});
