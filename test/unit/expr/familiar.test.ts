import { describe, expect, it } from 'vitest';
import { canonicalize, displayText, evaluate, familiarActivation, fingerprint, parse } from '@actsearch/expr';
import { BASELINE_EXPRS, readBaseline } from '../../fixtures/baseline-activations.ts';

/** Reference-file functions and the text they are known by. */
const KNOWN: Readonly<Record<string, string>> = {
  relu: 'relu(x)',
  'leaky_relu_0.01': 'leaky_relu(x)',
  elu: 'elu(x)',
  selu: 'selu(x)',
  gelu: 'gelu(x)',
  gelu_tanh: 'gelu_tanh(x)',
  swish_beta1: 'x * sigmoid(x)',
  mish: 'mish(x)',
  softplus: 'softplus(x)',
  tanh: 'tanh(x)',
  sigmoid: 'sigmoid(x)',
  softsign: 'softsign(x)',
  hardswish: 'hardswish(x)',
  log_sigmoid: 'log_sigmoid(x)',
  hard_sigmoid_tf2: 'hard_sigmoid(x)',
};

const fp = (text: string): string => fingerprint(canonicalize(parse(text)));

describe('familiar names', () => {
  const baseline = readBaseline();

  it.each(Object.keys(KNOWN))('%s is shown by its familiar text, which computes the reference values', (key) => {
    const familiar = KNOWN[key] as string;
    expect(displayText(BASELINE_EXPRS[key] as string)).toBe(familiar);
    const ref = baseline.functions[key];
    baseline.points.forEach((x, i) => expect(evaluate(parse(familiar), x)).toBeCloseTo(ref?.values[i] as number, 12));
  });

  it("shows every member of a class by the class's familiar text", () => {
    expect(displayText('sigmoid_mul(x, x)')).toBe('x * sigmoid(x)');
    expect(displayText('swish(x)')).toBe('x * sigmoid(x)');
    expect(displayText('silu(x)')).toBe('x * sigmoid(x)');
    expect(displayText('min(expm1(x), relu(x))')).toBe('elu(x)');
    expect(displayText('max(x, 0)')).toBe('relu(x)');
    expect(displayText('x * tanh(softplus(x))')).toBe('mish(x)');
    expect(familiarActivation(fp('min(expm1(x), relu(x))'))?.name).toBe('ELU');
    expect(familiarActivation(fp('x * sin(x)'))).toBeNull();
  });

  it('writes op forms out as the arithmetic they denote, keeping the function', () => {
    for (const [text, shown] of [
      ['sigmoid_mul(tanh(x), x)', 'x * sigmoid(tanh(x))'],
      ['sigmoid_mul(x, sin(x)) + x', 'sin(x) * sigmoid(x) + x'],
      ['x * sin(x)', 'x * sin(x)'],
    ] as const) {
      expect(displayText(text)).toBe(shown);
      expect(fp(shown)).toBe(fp(text));
    }
  });

  it('uses a fingerprint it is given and returns text it cannot parse unchanged', () => {
    expect(displayText('sin(x)', fp('relu(x)'))).toBe('relu(x)');
    expect(displayText('sin(x')).toBe('sin(x');
  });
});
