/**
 * Every op's code template, with its helper snippets, computes the op: NumPy (run by python3) and the
 * scalar TypeScript target agree with the engine's float64 kernels to ~1e-12 far into the tails; TF.js
 * (float32) agrees to float32 accuracy; the PyTorch, TF and JAX snippets (libraries not installed
 * here) are at least valid Python.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeHelpers, listOps, resolveHelpers, type CodeLang, type OpDef } from '@actsearch/expr';

const POINTS = [-30, -7.5, -3, -2.5, -1.2, -0.3, 0, 1e-9, 0.4, 1, 2.5, 3, 6.2, 25, 40];
const OTHER_ARGS = [0.8, 1.3];

/** The op applied to x, its other arguments at their defaults or at fixed constants. */
function otherArgs(op: OpDef): number[] {
  return Array.from({ length: op.arity - 1 }, (_, i) => op.defaults?.[i + 1] ?? (OTHER_ARGS[i] as number));
}

function expected(op: OpDef, x: number): number {
  return op.f64(x, ...otherArgs(op));
}

function helperSource(lang: CodeLang): string {
  const names = resolveHelpers(
    lang,
    listOps().flatMap((op) => op.helpers?.[lang] ?? []),
  );
  return names.map((n) => codeHelpers[lang][n]).join('\n\n');
}

function close(got: number, want: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= rel * Math.abs(want) + abs;
}

function findPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}
const PYTHON = findPython();
if (!PYTHON) console.warn('skipping the NumPy template checks: no python3 with numpy');

describe.skipIf(!PYTHON)('NumPy templates', () => {
  it('compute every op to 1e-12 relative from x = -30 to 40', () => {
    const ops = listOps();
    const lines = [
      'import json, numpy as np',
      "np.seterr(all='ignore')",
      helperSource('numpy'),
      `x = np.array(${JSON.stringify(POINTS)}, dtype=np.float64)`,
      'out = {}',
      ...ops.map(
        (op) =>
          `out[${JSON.stringify(op.name)}] = [repr(float(v)) for v in np.broadcast_to(np.asarray(${op.code.numpy(['x', ...otherArgs(op).map((v) => `${v}`)])}, dtype=np.float64), x.shape)]`,
      ),
      'print(json.dumps(out))',
    ];
    const result = JSON.parse(execFileSync(PYTHON as string, ['-c', lines.join('\n')], { encoding: 'utf8' })) as Record<string, string[]>;
    for (const op of ops) {
      POINTS.forEach((x, i) => {
        const got = Number((result[op.name]?.[i] as string).replace('nan', 'NaN').replace('inf', 'Infinity'));
        const want = expected(op, x);
        expect(close(got, want, 1e-12, 1e-300), `${op.name}(${x}): numpy ${got}, engine ${want}`).toBe(true);
      });
    }
  });
});

describe('TypeScript templates', () => {
  it('compute every op as the engine does', () => {
    const ops = listOps();
    const source = [
      helperSource('ts'),
      `fns = {${ops.map((op) => `${JSON.stringify(op.name)}: (x: number): number => ${op.code.ts(['x', ...otherArgs(op).map(String)])}`).join(',\n')}};`,
    ].join('\n\n');
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    const context: { fns?: Record<string, (x: number) => number> } = {};
    runInNewContext(js, context);
    for (const op of ops) {
      for (const x of POINTS) {
        const got = context.fns?.[op.name]?.(x) as number;
        const want = expected(op, x);
        expect(close(got, want, 1e-15, 1e-300), `${op.name}(${x}): ts ${got}, engine ${want}`).toBe(true);
      }
    }
  });
});

describe('TF.js templates', () => {
  it('compute every op to float32 accuracy', async () => {
    await tf.setBackend('cpu');
    const ops = listOps();
    const points = POINTS.filter((x) => Math.abs(x) <= 12);
    const source = [
      helperSource('tfjs'),
      `fns = {${ops.map((op) => `${JSON.stringify(op.name)}: (x) => ${op.code.tfjs(['x', ...otherArgs(op).map(String)])}`).join(',\n')}};`,
    ].join('\n\n');
    const context: { tf: typeof tf; fns?: Record<string, (x: tf.Tensor) => tf.Tensor> } = { tf };
    runInNewContext(source, context);
    const input = tf.tensor1d(points, 'float32');
    for (const op of ops) {
      const out = tf.tidy(() => tf.broadcastTo(tf.cast(context.fns?.[op.name]?.(input) as tf.Tensor, 'float32'), [points.length]));
      const values = Array.from(await out.data());
      out.dispose();
      points.forEach((x, i) => {
        const want = expected(op, Math.fround(x));
        const got = values[i] as number;
        if (Math.abs(want) > 3.4e38) return expect(Math.abs(got)).toBe(Infinity);
        expect(close(got, want, 2e-5, 1e-6), `${op.name}(${x}): tfjs ${got}, engine ${want}`).toBe(true);
      });
    }
    input.dispose();
  });
});

describe.skipIf(!PYTHON)('PyTorch, TF and JAX snippets', () => {
  it('are valid Python', () => {
    for (const lang of ['torch', 'tf', 'jax'] as const) {
      const calls = listOps().map((op) => `_ = ${op.code[lang](['x', ...otherArgs(op).map(String)])}`);
      const program = `${helperSource(lang)}\n\n${calls.join('\n')}\n`;
      const r = spawnSync(PYTHON as string, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: program, encoding: 'utf8' });
      expect(r.status, `${lang}: ${r.stderr}`).toBe(0);
    }
  });
});
