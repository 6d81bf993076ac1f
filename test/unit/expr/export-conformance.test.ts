/**
 * Export conformance: the exported NumPy and TF.js code computes the same function as the engine.
 * Named activations and 200 random members built from the op table are exported, run (NumPy in one
 * python3 process, TF.js in-process on the cpu backend) and compared with `evaluateArray`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { evaluateArray, exportActivation } from '@actsearch/expr';
import { baselineCases, namedCases, randomCases, testPoints, type Case } from './export-fixtures/cases.ts';
import { classOf, close, firstMismatch, type Mismatch } from './export-fixtures/compare.ts';
import { decodeFloat, EVAL_SCRIPT, runPython } from './export-fixtures/python.ts';
import { readBaseline } from '../../fixtures/baseline-activations.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const BASELINE = readBaseline();

const named = namedCases();
const random = randomCases();
const baseline = baselineCases();
const POINTS = testPoints();

/** Values of every case's exported NumPy code, keyed by label. */
const numpyValues = new Map<string, number[] | string>();
const tmp = mkdtempSync(join(tmpdir(), 'actsearch-export-'));
/** TF.js modules must resolve @tensorflow/tfjs-core from the repository's node_modules. */
const tfjsDir = join(REPO, '.tmp', `export-conformance-${process.pid}`);

beforeAll(() => {
  const all = [...named, ...random];
  const items = [
    ...all.map((c, i) => ({ c, points: POINTS, file: join(tmp, `case_${i}.py`) })),
    ...baseline.map((c, i) => ({
      c: { ...c, label: `baseline:${c.label}` },
      points: BASELINE.points,
      file: join(tmp, `baseline_${i}.py`),
    })),
  ];
  for (const it of items) writeFileSync(it.file, exportActivation(it.c.expr, 'numpy').code);
  const answer = runPython(EVAL_SCRIPT, { items: items.map((it) => ({ file: it.file, fn: 'activation', points: it.points })) }, tmp) as {
    results: ({ values: (number | string)[] } | { error: string })[];
  };
  answer.results.forEach((r, i) => {
    const label = (items[i] as (typeof items)[number]).c.label;
    numpyValues.set(label, 'error' in r ? r.error : r.values.map(decodeFloat));
  });
  mkdirSync(tfjsDir, { recursive: true });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(tfjsDir, { recursive: true, force: true });
});

/** Each case's exported TF.js function (core-only variant: the Layer needs tfjs-layers), run on the cpu backend. */
async function tfjsValues(cases: readonly Case[], tag: string): Promise<Float32Array[]> {
  await tf.setBackend('cpu');
  const out: Float32Array[] = [];
  for (const [i, c] of cases.entries()) {
    const file = join(tfjsDir, `${tag}-${i}.js`);
    writeFileSync(file, exportActivation(c.expr, 'tfjs', { layer: false, tfImport: '@tensorflow/tfjs-core' }).code);
    const mod = (await import(pathToFileURL(file).href)) as { activation: (x: tf.Tensor) => tf.Tensor };
    const y = tf.tidy(() => mod.activation(tf.tensor1d(POINTS, 'float32')));
    out.push(y.dataSync() as Float32Array);
    y.dispose();
  }
  return out;
}

/**
 * TF.js computes in float32, so 1e-6 relative to the float64 value holds only where float32 itself
 * is accurate. Three allowances: the absolute floor is 1e-6 (about 8 float32 ulps of 1, since these
 * functions cancel O(1) terms near their zeros); twice the error of the engine's own float32
 * evaluation at that point (|f32 − f64|) is added; and a non-finite value may sit where either
 * evaluation has one (float32 overflows earlier than float64).
 */
function compareTfjs(cases: readonly Case[], values: readonly Float32Array[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const xs = Float64Array.from(POINTS);
  cases.forEach((c, k) => {
    const r64 = evaluateArray(c.expr, xs);
    const r32 = evaluateArray(c.expr, xs, { precision: 'f32' });
    const got = values[k] as Float32Array;
    POINTS.forEach((x, i) => {
      const g = got[i] as number;
      const w = r64[i] as number;
      const w32 = r32[i] as number;
      const cls = classOf(g);
      const ok =
        cls !== 'finite'
          ? cls === classOf(w) || cls === classOf(w32)
          : (classOf(w) === 'finite' && Math.abs(g - w) <= 1e-6 * Math.max(Math.abs(w), 1) + 2 * Math.abs(w32 - w)) ||
            (classOf(w) !== 'finite' && classOf(w32) === 'finite' && close(g, w32, 1e-6, 1));
      if (!ok && !mismatches.some((m) => m.expr === c.label)) mismatches.push({ expr: c.label, x, got: g, want: w });
    });
  });
  return mismatches;
}

function compareNumpy(cases: readonly Case[], points: readonly number[]): { errors: string[]; mismatches: Mismatch[] } {
  const errors: string[] = [];
  const mismatches: Mismatch[] = [];
  for (const c of cases) {
    const got = numpyValues.get(c.label);
    if (typeof got === 'string' || got === undefined) {
      errors.push(`${c.label}: ${got ?? 'no result'}`);
      continue;
    }
    const mismatch = firstMismatch(c.label, points, got, evaluateArray(c.expr, Float64Array.from(points)));
    if (mismatch !== null) mismatches.push(mismatch);
  }
  return { errors, mismatches };
}

describe('NumPy export conformance', () => {
  it('computes every named activation and composition as evaluateArray does (float64, 1e-6 relative)', () => {
    const { errors, mismatches } = compareNumpy(named, POINTS);
    expect(errors).toEqual([]);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('computes 200 random members built from the op table as evaluateArray does', () => {
    const { errors, mismatches } = compareNumpy(random, POINTS);
    expect(errors).toEqual([]);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('matches the independent NumPy/SciPy reference values of baseline-activations.json', () => {
    const mismatches: Mismatch[] = [];
    for (const c of baseline) {
      const got = numpyValues.get(`baseline:${c.label}`);
      expect(got, c.label).toBeInstanceOf(Array);
      const want = (BASELINE.functions[c.label] as { values: number[] }).values;
      BASELINE.points.forEach((x, i) => {
        const g = (got as number[])[i] as number;
        const w = want[i] as number;
        if (!close(g, w, 1e-6, 1e-3)) mismatches.push({ expr: c.label, x, got: g, want: w });
      });
    }
    expect(mismatches).toEqual([]);
    expect(baseline.length).toBe(Object.keys(BASELINE.functions).length);
  });
});

describe('TF.js export conformance', () => {
  it('computes every named activation and composition as evaluateArray does, within float32 accuracy', async () => {
    expect(compareTfjs(named, await tfjsValues(named, 'named'))).toEqual([]);
  });

  it('computes 200 random members built from the op table as evaluateArray does, within float32 accuracy', async () => {
    expect(compareTfjs(random, await tfjsValues(random, 'random'))).toEqual([]);
  });
});
