import { describe, expect, it } from 'vitest';
import { call, constant, param, parse, variable, X } from '@actsearch/expr';
import { ParseError } from '@actsearch/core';

function parseError(text: string, options?: Parameters<typeof parse>[1]): ParseError {
  try {
    parse(text, options);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`'${text}' parsed without error`);
}

describe('parse: the one textual syntax', () => {
  it('reads infix operators as calls with the usual precedence and associativity', () => {
    expect(parse('x + 2 * x')).toEqual(call('add', X, call('mul', constant(2), X)));
    expect(parse('x - x - x')).toEqual(call('sub', call('sub', X, X), X));
    expect(parse('x / 2 / x')).toEqual(call('div', call('div', X, constant(2)), X));
    expect(parse('x^2^3')).toEqual(call('pow', X, call('pow', constant(2), constant(3))));
    expect(parse('x ** 2')).toEqual(call('pow', X, constant(2)));
    expect(parse('(x + 1) * x')).toEqual(call('mul', call('add', X, constant(1)), X));
  });

  it('binds unary minus looser than ^ and folds it into a directly following number', () => {
    expect(parse('-x^2')).toEqual(call('neg', call('pow', X, constant(2))));
    expect(parse('-2^x')).toEqual(call('neg', call('pow', constant(2), X)));
    expect(parse('-2 * x')).toEqual(call('mul', constant(-2), X));
    expect(parse('x^-1')).toEqual(call('pow', X, constant(-1)));
    expect(parse('-(2)')).toEqual(call('neg', constant(2)));
    expect(parse('--x')).toEqual(call('neg', call('neg', X)));
    expect(parse('--2')).toEqual(call('neg', constant(-2)));
    expect(parse('+x')).toEqual(X);
  });

  it('reads numbers in every usual notation', () => {
    expect(parse('1e-3')).toEqual(constant(0.001));
    expect(parse('2.5E+2')).toEqual(constant(250));
    expect(parse('.5')).toEqual(constant(0.5));
    expect(parse('5.')).toEqual(constant(5));
    expect(parse('-0')).toEqual(constant(-0));
    expect(parse('inf')).toEqual(constant(Infinity));
    expect(parse('-inf')).toEqual(constant(-Infinity));
    expect(parse('nan')).toEqual(constant(NaN));
    expect(parse('pi')).toEqual(constant(Math.PI));
  });

  it('reads PANGAEA prefix calls, aliases and Swish-style infix text alike', () => {
    expect(parse('min(square(x),selu(x))')).toEqual(call('min', call('square', X), call('selu', X)));
    expect(parse('maximum(arcsinh(x), arctan(x))')).toEqual(call('max', call('asinh', X), call('atan', X)));
    expect(parse('silu(negative(x))')).toEqual(call('swish', call('neg', X)));
    expect(parse('sigmoid_mul(x, gauss_kernel(x, 0, beta))')).toEqual(
      call('sigmoid_mul', X, call('gauss_kernel', X, constant(0), param('beta', 1))),
    );
  });

  it('fills optional trailing arguments with their default constants', () => {
    expect(parse('leaky_relu(x)')).toEqual(call('leaky_relu', X, constant(0.01)));
    expect(parse('leaky_relu(x, 0.2)')).toEqual(call('leaky_relu', X, constant(0.2)));
    expect(parse('apa(x)')).toEqual(call('apa', X, constant(1), constant(1)));
    expect(parse('aglu(x, lambda)')).toEqual(call('aglu', X, param('lambda', 1), constant(1)));
  });

  it('gives parameters initial value 1 unless the trailing clause declares another', () => {
    expect(parse('x * sigmoid(beta * x)')).toEqual(call('mul', X, call('sigmoid', call('mul', param('beta', 1), X))));
    expect(parse('x * sigmoid(beta * x); beta = 1.5')).toEqual(call('mul', X, call('sigmoid', call('mul', param('beta', 1.5), X))));
    const both = parse('beta * x + alpha2; alpha2 = -0.5, beta = 2');
    expect(both).toEqual(call('add', call('mul', param('beta', 2), X), param('alpha2', -0.5)));
    expect(parse('beta + beta; beta = 3;')).toEqual(call('add', param('beta', 3), param('beta', 3)));
  });

  it('reads other variables only when asked to', () => {
    expect(parse('x1 * sigmoid(x2)', { variables: ['x1', 'x2'] })).toEqual(call('mul', variable('x1'), call('sigmoid', variable('x2'))));
    expect(parseError('x1 + 1').reason).toBe("unknown name 'x1'");
  });
});

describe('parse errors', () => {
  it('name an unknown function, its 1-based column and the closest known name', () => {
    const e = parseError('x * sigmod(x)');
    expect(e.column).toBe(5);
    expect(e.message).toBe("unknown function 'sigmod' at column 5 — did you mean 'sigmoid'?");
    expect(parseError('ReLU(x)').hint).toBe("did you mean 'relu'?");
    expect(parseError('sigmiod(x)').hint).toBe("did you mean 'sigmoid'?");
    expect(parseError('frobnicate(x)').hint).toBeUndefined();
  });

  it.each([
    ['', 1, 'empty expression'],
    ['x +', 4, 'unexpected end of expression'],
    ['x * )', 5, "expected a number, a name, a function call or '(' but found ')'"],
    ['(x + 1', 7, "missing ')'"],
    ['sigmoid(x', 10, "missing ')'"],
    ['x)', 2, "unmatched ')'"],
    ['2x', 2, "missing operator before 'x'"],
    ['x # 2', 3, "unexpected character '#'"],
    ['relu(x, 2)', 1, "'relu' takes 1 argument, got 2"],
    ['add(x)', 1, "'add' takes 2 arguments, got 1"],
    ['leaky_relu(x, 1, 2)', 1, "'leaky_relu' takes 1 to 2 arguments, got 3"],
    ['max(x; 1)', 6, "expected ',' or ')' in the call to 'max' but found ';'"],
    ['sigmoid + x', 1, "'sigmoid' is a function"],
    ['x(2)', 1, "'x' is not a function"],
    ['y + x', 1, "unknown name 'y'"],
    ['1e999 * x', 1, "number '1e999' is out of range"],
    ['x, 2', 2, "unexpected ',' outside a function call"],
    ['x; foo = 2', 4, "'foo' is not a parameter name"],
    ['beta * x; beta 2', 16, "expected '=' after 'beta'"],
    ['beta * x; beta = x', 18, "expected a number for 'beta'"],
    ['beta * x; beta = 1, beta = 2', 21, "parameter 'beta' is declared twice"],
    ['x; beta = 2', 4, "parameter 'beta' is declared but not used"],
  ])('%j fails at column %i with "%s"', (text, column, reason) => {
    const e = parseError(text);
    expect(e.reason).toBe(reason);
    expect(e.column).toBe(column);
    expect(e.input).toBe(text);
    expect(e.code).toBe('parse_error');
  });

  it('limit the input length and the nesting depth', () => {
    expect(parseError('x'.padEnd(5000, ' ')).reason).toBe('expression is longer than 4096 characters');
    expect(parseError('x + x', { maxLength: 3 }).column).toBe(4);
    const deep = `${'sin('.repeat(70)}x${')'.repeat(70)}`;
    expect(parseError(deep).reason).toBe('expression is nested deeper than 64 levels');
    expect(parse(`${'sin('.repeat(63)}x${')'.repeat(63)}`).kind).toBe('call');
    expect(parseError(`${'('.repeat(100)}x${')'.repeat(100)}`).reason).toBe('expression is nested deeper than 64 levels');
    expect(parseError('-'.repeat(2000) + 'x').reason).toBe('expression is nested deeper than 64 levels');
    expect(parseError(Array(100).fill('x').join(' + ')).reason).toBe('expression is nested deeper than 64 levels');
    expect(parseError('sin(sin(sin(x)))', { maxDepth: 3 }).column).toBe(1);
  });
});
