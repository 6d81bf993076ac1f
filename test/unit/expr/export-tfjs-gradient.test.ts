/**
 * TF.js export gradients: the exported function's tf.grad is the engine's symbolic derivative (for x
 * and for each parameter, scalar or per-channel), and stays finite through selections at large |x|,
 * where differentiating the formula would give 0 · ∞ = NaN from the branch tf.where did not select.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tf.grad needs the kernels' gradients, which tfjs-core registers only on request (as packages/proxy does).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { derivative, evaluateArray, exportActivation, paramsOf, parse, type Expr } from '@actsearch/expr';
import { LARGE_POINTS, namedCases, randomCases, SELECTION_TEXTS, testPoints, type Case } from './export-fixtures/cases.ts';
import { close } from './export-fixtures/compare.ts';

type Activation = (x: tf.Tensor, params?: Record<string, tf.Tensor | number>) => tf.Tensor;

const REPO = join(import.meta.dirname, '..', '..', '..');
/** TF.js modules must resolve @tensorflow/tfjs-core from the repository's node_modules. */
const dir = join(REPO, '.tmp', `export-tfjs-gradient-${process.pid}`);
const POINTS = testPoints();
let counter = 0;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(expr: Expr): Promise<Activation> {
  const file = join(dir, `case-${counter++}.js`);
  writeFileSync(file, exportActivation(expr, 'tfjs', { layer: false, tfImport: '@tensorflow/tfjs-core' }).code);
  return ((await import(pathToFileURL(file).href)) as { activation: Activation }).activation;
}

function gradX(fn: Activation, xs: readonly number[]): Float32Array {
  return tf.tidy(
    () =>
      tf
        .grad((x: tf.Tensor) => tf.sum(fn(x)))(tf.tensor1d([...xs], 'float32'))
        .dataSync() as Float32Array,
  );
}

/**
 * The first point where tf.grad disagrees with the symbolic derivative, where the derivative is smooth
 * (no jump between x ∓ 1e-6, finite on both sides) and float32 can hold it: 1e-4 relative, plus
 * twice the engine's own float32 error there.
 */
function firstGradientMismatch(expr: Expr, got: Float32Array): string | null {
  const xs = Float64Array.from(POINTS);
  const d = derivative(expr);
  const want = evaluateArray(d, xs);
  const want32 = evaluateArray(d, xs, { precision: 'f32' });
  const left = evaluateArray(
    d,
    xs.map((x) => x - 1e-6),
  );
  const right = evaluateArray(
    d,
    xs.map((x) => x + 1e-6),
  );
  for (let i = 0; i < POINTS.length; i++) {
    const w = want[i] as number;
    const w32 = want32[i] as number;
    const smooth = Number.isFinite(w) && Number.isFinite(w32) && close(left[i] as number, right[i] as number, 1e-3, 1);
    if (!smooth) continue;
    const g = got[i] as number;
    if (!(Math.abs(g - w) <= 1e-4 * Math.max(Math.abs(w), 1) + 2 * Math.abs(w32 - w)))
      return `at x = ${POINTS[i]}: tf.grad ${g}, symbolic derivative ${w}`;
  }
  return null;
}

async function mismatches(cases: readonly Case[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of cases) {
    const m = firstGradientMismatch(c.expr, gradX(await load(c.expr), POINTS));
    if (m !== null) out.push(`${c.label} ${m}`);
  }
  return out;
}

describe('TF.js export gradients', () => {
  it('differentiates every named activation and composition by the symbolic derivative', async () => {
    expect(await mismatches(namedCases())).toEqual([]);
  }, 120_000);

  it('differentiates 200 random members built from the op table by the symbolic derivative', async () => {
    expect(await mismatches(randomCases())).toEqual([]);
  }, 120_000);

  it('keeps gradients finite through selections at large |x| in float32 (no 0 * inf from an unselected branch)', async () => {
    const texts = SELECTION_TEXTS;
    const xs = [...LARGE_POINTS];
    const bad: string[] = [];
    for (const text of texts) {
      const fn = await load(parse(text));
      const values = tf.tidy(() => fn(tf.tensor1d(xs, 'float32')).dataSync() as Float32Array);
      const grads = gradX(fn, xs);
      xs.forEach((x, j) => {
        if (Number.isFinite(values[j] as number) && !Number.isFinite(grads[j] as number)) bad.push(`${text} at ${x}: grad ${grads[j]}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('gives each per-channel parameter the sum over its own channel of the symbolic derivative', async () => {
    const expr = parse('x * sigmoid(beta * x) + alpha * min(expm1(x), relu(x)); beta = 1.5; alpha = 0.5');
    const fn = await load(expr);
    const rows = [
      [-2, -0.5, 0.25, 1],
      [3, -1, 0.5, 2],
      [-0.1, 0.7, -3, 95],
    ];
    // three channels along axis 0; per channel, each parameter's own value
    const beta = [0.5, 1.5, 2];
    const alpha = [1, 0.25, -0.5];
    const [gBeta, gAlpha] = tf.tidy(() => {
      const x = tf.tensor2d(rows, [3, 4], 'float32');
      const grads = tf.grads((b: tf.Tensor, a: tf.Tensor) => tf.sum(fn(x, { beta: b, alpha: a })))([
        tf.tensor2d(beta, [3, 1]),
        tf.tensor2d(alpha, [3, 1]),
      ]);
      return grads.map((g) => Array.from(g.dataSync()));
    });
    const names = paramsOf(expr).map((p) => p.name);
    expect(names.sort()).toEqual(['alpha', 'beta']);
    rows.forEach((row, c) => {
      const env = { beta: beta[c] as number, alpha: alpha[c] as number };
      const want = (name: string) =>
        evaluateArray(derivative(expr, name), Float64Array.from(row), { params: env }).reduce((s, v) => s + v, 0);
      expect(gBeta?.[c]).toBeCloseTo(want('beta'), 3);
      expect(gAlpha?.[c]).toBeCloseTo(want('alpha'), 3);
    });
  });
});
