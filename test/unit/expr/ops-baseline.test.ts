import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, parse } from '@actsearch/expr';

// Independent NumPy/SciPy reference values (a copy of shared/reference/baseline-activations.json, kept in
// the repository so that every clone can run the oracle).
const BASELINE = fileURLToPath(new URL('../../fixtures/baseline-activations.json', import.meta.url));
if (!existsSync(BASELINE)) throw new Error(`the reference values are missing: ${BASELINE}`);

interface Baseline {
  points: number[];
  functions: Record<string, { formula: string; values: number[] }>;
}

/** Our text for each reference function (the file's own formulas use NumPy-ish notation). */
const OURS: Readonly<Record<string, string>> = {
  relu: 'relu(x)',
  'leaky_relu_0.01': 'leaky_relu(x)',
  elu: 'elu(x)',
  selu: 'selu(x)',
  gelu: 'gelu(x)',
  gelu_tanh: 'gelu_tanh(x)',
  swish_beta1: 'swish(x)',
  'swish_beta1.5': 'x * sigmoid(beta * x); beta = 1.5',
  mish: 'mish(x)',
  softplus: 'softplus(x)',
  tanh: 'tanh(x)',
  sigmoid: 'sigmoid(x)',
  softsign: 'softsign(x)',
  hardswish: 'hardswish(x)',
  snake_a1: 'snake(x)',
  max_x_sigmoid: 'max(x, sigmoid(x))',
  cos_minus_x: 'cos(x) - x',
  min_x_sin: 'min(x, sin(x))',
  atan_sq_minus_x: 'atan(x)^2 - x',
  max_x_tanh: 'max(x, tanh(x))',
  sinc_plus_x: 'sinc(x) + x',
  x_asinh_sq: 'x * asinh(x)^2',
  gumbel: 'exp(-exp(-x))',
  'aglu_l1_k1.702': 'aglu(x, 1, 1.702)',
  bessel_i0e: 'bessel_i0e(x)',
  bessel_i1e: 'bessel_i1e(x)',
  erfc: 'erfc(x)',
  log_sigmoid: 'log_sigmoid(x)',
  hard_sigmoid_tf2: 'hard_sigmoid(x)',
};

function close(actual: number, expected: number, rel = 1e-12): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300) || Math.abs(actual - expected) < 1e-15;
}

describe('ops against the independent NumPy/SciPy reference values', () => {
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;

  it('covers every function of the reference file', () => {
    expect(Object.keys(baseline.functions).filter((k) => !(k in OURS))).toEqual([]);
  });

  it.each(Object.keys(OURS))('%s matches to 1e-12 relative at all nine points', (key) => {
    const ref = baseline.functions[key];
    if (!ref) return;
    const e = parse(OURS[key] as string);
    baseline.points.forEach((x, i) => {
      const want = ref.values[i] as number;
      const got = evaluate(e, x);
      expect(close(got, want), `${key}(${x}) = ${got}, reference ${want}`).toBe(true);
    });
  });
});

/** SciPy 1.17 values (scipy.special.erf, erfc, i0e, i1e) well into the tails, where the nine points do not reach. */
const SCIPY_POINTS = [-30, -12.5, -6, -2.2, -1.5, -0.3, 1e-8, 0.7, 1.49, 1.51, 3.3, 7, 19.9, 20.1, 35, 150];
const SCIPY: Readonly<Record<string, readonly number[]>> = {
  erf: [-1.0, -1.0, -1.0, -0.9981371537020182, -0.9661051464753108, -0.3286267594591274, 1.1283791670955125e-8, 0.6778011938374183, 0.9648978648432042, 0.9672767481287117, 0.9999969422902035, 1.0, 1.0, 1.0, 1.0, 1.0],
  erfc: [2.0, 2.0, 2.0, 1.998137153702018, 1.9661051464753108, 1.3286267594591274, 0.9999999887162083, 0.3221988061625817, 0.035102135156795784, 0.032723251871288356, 3.057709796438165e-6, 4.183825607779414e-23, 2.9313494281519694e-174, 9.735977140428969e-178, 0.0, 0.0],
  bessel_i0e: [0.0731459464822373, 0.1140219294622889, 0.16665743263981656, 0.29131733306904906, 0.36743360905415834, 0.7575806251825481, 0.9999999900000003, 0.5593055265070683, 0.3689251238057446, 0.36595717078812995, 0.23024798447142647, 0.15373774467288123, 0.09000858886438959, 0.08955376362061344, 0.06767837835041363, 0.03260074788391805],
  bessel_i1e: [-0.07191633059864755, -0.10936143099065089, -0.1520514593085058, -0.2120877326894195, -0.21903938742092574, -0.11237756063983881, 4.999999950000002e-9, 0.18466998276274726, 0.21901293907880168, 0.21906033658515028, 0.19109017276102946, 0.1422892347095986, 0.08771710213170608, 0.0872968518432016, 0.06670443172949143, 0.032491896388848945],
};

describe('special functions against SciPy in the tails', () => {
  it.each(Object.keys(SCIPY))('%s agrees to 2e-14 relative from -30 to 150', (name) => {
    const e = parse(`${name}(x)`);
    SCIPY_POINTS.forEach((x, i) => {
      const want = SCIPY[name]?.[i] as number;
      expect(close(evaluate(e, x), want, 2e-14), `${name}(${x}) = ${evaluate(e, x)}, SciPy ${want}`).toBe(true);
    });
  });

  it('keeps NaN and handles infinities', () => {
    for (const name of ['erf', 'erfc', 'bessel_i0e', 'bessel_i1e']) expect(evaluate(parse(`${name}(x)`), NaN)).toBeNaN();
    expect(evaluate(parse('erf(x)'), -Infinity)).toBe(-1);
    expect(evaluate(parse('erfc(x)'), Infinity)).toBe(0);
    expect(evaluate(parse('erfc(x)'), -Infinity)).toBe(2);
    expect(evaluate(parse('bessel_i0e(x)'), Infinity)).toBe(0);
  });
});
