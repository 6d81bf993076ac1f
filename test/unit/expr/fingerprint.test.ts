import { describe, expect, it } from 'vitest';
import { fingerprint, parse, quantizeOutput } from '@actsearch/expr';

const fp = (text: string) => fingerprint(parse(text));

describe('fingerprint', () => {
  it('is 16 hex digits and deterministic', () => {
    expect(fp('swish(x)')).toMatch(/^[0-9a-f]{16}$/);
    expect(fp('swish(x)')).toBe(fp('swish(x)'));
  });

  it('is equal for equivalent texts', () => {
    const swish = fp('swish(x)');
    for (const t of ['x*sigmoid(x)', 'sigmoid(x)*x', 'silu(x)', 'x * sigmoid(beta * x)', 'sigmoid_mul(x, x)']) expect(fp(t), t).toBe(swish);
    expect(fp('relu(x)')).toBe(fp('max(x, 0)'));
    expect(fp('relu(x)')).toBe(fp('max(0, x)'));
    expect(fp('abs(x)')).toBe(fp('max(x, -x)'));
    expect(fp('square(x)')).toBe(fp('x * x'));
    expect(fp('log_sigmoid(x)')).toBe(fp('-softplus(-x)'));
    expect(fp('softsign(x)')).toBe(fp('x / (1 + abs(x))'));
    expect(fp('mish(x)')).toBe(fp('x * tanh(softplus(x))'));
    expect(fp('gaussian(x)')).toBe(fp('exp(-square(x))'));
    expect(fp('x + 0')).toBe(fp('x'));
    expect(fp('0')).toBe(fp('zero(x)'));
    expect(fp('x - x')).toBe(fp('0'));
  });

  it('differs for different functions, including parameter initial values', () => {
    const texts = [
      'x',
      'relu(x)',
      'swish(x)',
      'gelu(x)',
      'gelu_tanh(x)',
      'tanh(x)',
      'sigmoid(x)',
      'x * sigmoid(beta * x); beta = 1.5',
      'elu(x)',
      'selu(x)',
      'mish(x)',
      'softplus(x)',
      '0',
      '1',
    ];
    expect(new Set(texts.map(fp)).size).toBe(texts.length);
  });

  it('includes where a function is non-finite', () => {
    // sqrt is NaN for x < 0 where sqrt(relu(x)) is 0; exp(exp(2x)) overflows float32 for x > 2.2.
    expect(fp('sqrt(x)')).not.toBe(fp('sqrt(relu(x))'));
    expect(fp('0 * exp(exp(2 * x))')).not.toBe(fp('0'));
    expect(fp('log(x)')).not.toBe(fp('log(x) * 1e-30'));
    expect(fp('1 / 0 * x')).not.toBe(fp('-1 / 0 * x'));
  });
});

describe('quantizeOutput', () => {
  it('merges the zeros and every NaN, and keeps NaN, +∞ and −∞ apart', () => {
    expect(quantizeOutput(0)).toBe(quantizeOutput(-0));
    expect(quantizeOutput(1e-40)).toBe(quantizeOutput(0));
    expect(new Set([quantizeOutput(NaN), quantizeOutput(Infinity), quantizeOutput(-Infinity), quantizeOutput(0)]).size).toBe(4);
    expect(quantizeOutput(Math.fround(1.5))).not.toBe(quantizeOutput(-Math.fround(1.5)));
  });

  it('keeps all float32 bits by default and rounds to fewer when asked', () => {
    const a = Math.fround(1.2345678);
    const next = a + 2 ** -23;
    expect(quantizeOutput(a)).not.toBe(quantizeOutput(next));
    expect(quantizeOutput(a, 16)).toBe(quantizeOutput(Math.fround(next), 16));
    expect(quantizeOutput(Math.fround(1.999999), 8)).toBe(quantizeOutput(2, 8));
  });
});
