/**
 * The expressions every export conformance test runs: each named activation of the op table, the
 * Swish paper's compositions and a few awkward ones, 200 seeded random members, and the reference
 * functions of baseline-activations.json.
 */
import { call, constant, listOps, param, parse, print, Rng, X, type Expr } from '@actsearch/expr';
import { BASELINE_EXPRS } from '../../../fixtures/baseline-activations.ts';
import { randomActivation } from './random-exprs.ts';

export interface Case {
  readonly label: string;
  readonly expr: Expr;
}

/** Each op of family 'activation' applied to x (optional arguments at their defaults, others a β). */
function namedActivations(): Expr[] {
  return listOps()
    .filter((op) => op.family === 'activation')
    .map((op) =>
      call(
        op.name,
        X,
        ...Array.from({ length: op.arity - 1 }, (_, i) => {
          const d = op.defaults?.[i + 1];
          return d === undefined ? param('beta', 1) : constant(d);
        }),
      ),
    );
}

const COMPOSITIONS = [
  'x * sigmoid(beta * x); beta = 1.5',
  'max(x, sigmoid(x))',
  'cos(x) - x',
  'min(x, sin(x))',
  'atan(x)^2 - x',
  'max(x, tanh(x))',
  'sinc(x) + x',
  'x * asinh(x)^2',
  'exp(-exp(-x))',
  'aglu(x, 1, 1.702)',
  'gauss_kernel(x, sin(x), beta)',
  'interp(relu(x), tanh(x), beta); beta = 0.3',
  'min(square(x), selu(x))',
  'x / (1 + exp(-x)) + bessel_i1e(x) * erfc(x)',
  '2 * exp(1)',
  'where(x, x, expm1(x))',
];

/** Named activations and compositions. */
export function namedCases(): Case[] {
  return [...namedActivations().map((e) => ({ label: print(e), expr: e })), ...COMPOSITIONS.map((t) => ({ label: t, expr: parse(t) }))];
}

/** 200 random members built from the op table (seeded, so every run tests the same ones). */
export function randomCases(): Case[] {
  const rng = new Rng(7);
  return Array.from({ length: 200 }, () => {
    const e = randomActivation(rng);
    return { label: print(e), expr: e };
  });
}

/**
 * Every operator of two or more arguments with a constant in one position and x — or, with no x at all,
 * a parameter — in the others: exports must cope with a number wherever the op table allows one.
 */
export function constantArgumentCases(): Case[] {
  const out: Case[] = [];
  for (const op of listOps().filter((o) => o.arity >= 2)) {
    for (let i = 0; i < op.arity; i++) {
      for (const c of [0.7, -0.6]) {
        for (const other of [X, param('beta', 1.2)]) {
          const e = call(op.name, ...Array.from({ length: op.arity }, (_, j) => (j === i ? constant(c) : other)));
          out.push({ label: print(e), expr: e });
        }
      }
    }
  }
  return out;
}

/** The reference functions, labelled by their name in baseline-activations.json. */
export function baselineCases(): Case[] {
  return Object.entries(BASELINE_EXPRS).map(([name, text]) => ({ label: name, expr: parse(text) }));
}

/** Probe-like points (N(0,1) clipped to ±5) plus the edges and the neighbourhood of 0. */
export function testPoints(): number[] {
  const rng = new Rng(20240611);
  const draws = Array.from({ length: 36 }, () => Math.max(-5, Math.min(5, rng.normal())));
  return [...draws, -5, -3, -2, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2, 3, 5];
}

/**
 * Selections whose unselected branch overflows at large |x| (the 0 · ∞ = NaN trap of autograd through
 * where/minimum), and the points that reach it in float32 and float64: every export's gradient must stay
 * finite there wherever the function is finite.
 */
export const SELECTION_TEXTS: readonly string[] = [
  'min(expm1(x), relu(x))',
  'elu(x)',
  'where(x, x, expm1(x))',
  'max(x, -exp(-x))',
  'relu(-exp(x)) + x',
  'min(exp(x), 1) * x',
  'min(expm1(x), relu(x)) * sigmoid(beta * x)',
];
export const LARGE_POINTS: readonly number[] = [-1e4, -1000, -100, -89.5, -1, 0.5, 1, 89.5, 100, 1000, 1e4];
