/**
 * PyTorch export conformance: the exported module computes the engine's function, its autograd
 * derivative is the engine's symbolic derivative, the nn.Module agrees with the functional form, and
 * per-channel parameters act on their own channel. Runs on CPU PyTorch (Debian's python3-torch, which
 * .ci/run installs); on a machine without torch the suite is skipped, in CI it fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivative, evaluateArray, exportActivation, paramsOf, parse } from '@actsearch/expr';
import { readBaseline } from '../../fixtures/baseline-activations.ts';
import {
  baselineCases,
  constantArgumentCases,
  LARGE_POINTS,
  namedCases,
  randomCases,
  SELECTION_TEXTS,
  testPoints,
  type Case,
} from './export-fixtures/cases.ts';
import { close, firstMismatch, type Mismatch } from './export-fixtures/compare.ts';
import { decodeFloat, pythonWith, runPython, TORCH_SCRIPT } from './export-fixtures/python.ts';

const TORCH_PYTHON = pythonWith('torch');
const BASELINE = readBaseline();
const POINTS = testPoints();
const named = namedCases();
const random = randomCases();
const constantArgs = constantArgumentCases();
const baseline = baselineCases();

interface TorchResult {
  readonly values: number[];
  readonly grad: number[];
  readonly module: number[];
  readonly channels: { ok: boolean; grads: boolean[]; names: string[] } | null;
}

const results = new Map<string, TorchResult | string>();
let torchVersion = '';
const tmp = mkdtempSync(join(tmpdir(), 'actsearch-torch-'));

function key(group: string, c: Case): string {
  return `${group}:${c.label}`;
}

beforeAll(() => {
  if (TORCH_PYTHON === null) return;
  const items = [
    ...named.map((c) => ({ key: key('named', c), c, points: POINTS })),
    ...random.map((c) => ({ key: key('random', c), c, points: POINTS })),
    ...constantArgs.map((c) => ({ key: key('constant-args', c), c, points: POINTS })),
    ...baseline.map((c) => ({ key: key('baseline', c), c, points: BASELINE.points })),
  ].map((item, i) => ({ ...item, file: join(tmp, `case_${i}.py`) }));
  for (const item of items) writeFileSync(item.file, exportActivation(item.c.expr, 'pytorch').code);
  const answer = runPython(TORCH_SCRIPT, { items: items.map((it) => ({ file: it.file, points: it.points })) }, tmp, TORCH_PYTHON) as {
    results: (
      | { values: (number | string)[]; grad: (number | string)[]; module: (number | string)[]; channels: TorchResult['channels'] }
      | { error: string }
    )[];
    torch: string;
  };
  torchVersion = answer.torch;
  answer.results.forEach((r, i) => {
    const k = (items[i] as (typeof items)[number]).key;
    results.set(
      k,
      'error' in r
        ? r.error
        : { values: r.values.map(decodeFloat), grad: r.grad.map(decodeFloat), module: r.module.map(decodeFloat), channels: r.channels },
    );
  });
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function resultsOf(group: string, cases: readonly Case[]): { errors: string[]; ok: [Case, TorchResult][] } {
  const errors: string[] = [];
  const ok: [Case, TorchResult][] = [];
  for (const c of cases) {
    const r = results.get(key(group, c));
    if (typeof r === 'string' || r === undefined) errors.push(`${c.label}: ${r ?? 'no result'}`);
    else ok.push([c, r]);
  }
  return { errors, ok };
}

/** Float64 values against the engine: same NaN/±Inf positions, 1e-6 relative (absolute near 0). */
function valueMismatches(pairs: readonly [Case, TorchResult][], pick: (r: TorchResult) => number[]): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [c, r] of pairs) {
    const mismatch = firstMismatch(c.label, POINTS, pick(r), evaluateArray(c.expr, Float64Array.from(POINTS)));
    if (mismatch !== null) out.push(mismatch);
  }
  return out;
}

/**
 * Autograd against the symbolic derivative where the function is smooth: points where the engine's
 * derivative jumps between x − 1e-6 and x + 1e-6 (kinks of relu, abs, max, …, where the two sides
 * legitimately pick different one-sided values) and points where either side is not finite are left out.
 */
function gradientMismatches(pairs: readonly [Case, TorchResult][]): Mismatch[] {
  const out: Mismatch[] = [];
  const xs = Float64Array.from(POINTS);
  for (const [c, r] of pairs) {
    const d = derivative(c.expr);
    const want = evaluateArray(d, xs);
    const left = evaluateArray(
      d,
      xs.map((x) => x - 1e-6),
    );
    const right = evaluateArray(
      d,
      xs.map((x) => x + 1e-6),
    );
    const i = POINTS.findIndex((_, j) => {
      const g = r.grad[j] as number;
      const w = want[j] as number;
      const smooth = Number.isFinite(w) && Number.isFinite(g) && close(left[j] as number, right[j] as number, 1e-3, 1);
      return smooth && !close(g, w, 1e-6, 1e-3);
    });
    if (i >= 0) out.push({ expr: c.label, x: POINTS[i] as number, got: r.grad[i] as number, want: want[i] as number });
  }
  return out;
}

describe.skipIf(TORCH_PYTHON === null && process.env.CI === undefined)('PyTorch export conformance', () => {
  it('finds a python3 with torch (CI installs python3-torch)', () => {
    expect(TORCH_PYTHON, 'no python3 can import torch; install python3-torch').not.toBeNull();
    expect(torchVersion).toMatch(/^\d+\.\d+/);
  });

  it('computes every named activation and composition as evaluateArray does (float64, 1e-6 relative)', () => {
    const { errors, ok } = resultsOf('named', named);
    expect(errors).toEqual([]);
    expect(valueMismatches(ok, (r) => r.values)).toEqual([]);
  });

  it('computes 200 random members built from the op table as evaluateArray does', () => {
    const { errors, ok } = resultsOf('random', random);
    expect(errors).toEqual([]);
    expect(ok).toHaveLength(200);
    expect(valueMismatches(ok, (r) => r.values).slice(0, 10)).toEqual([]);
  });

  it('computes every operator with a constant in each argument position (x or a parameter elsewhere)', () => {
    const { errors, ok } = resultsOf('constant-args', constantArgs);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(ok.length).toBeGreaterThan(100);
    expect(valueMismatches(ok, (r) => r.values).slice(0, 10)).toEqual([]);
  });

  it('matches the independent NumPy/SciPy reference values of baseline-activations.json', () => {
    const { errors, ok } = resultsOf('baseline', baseline);
    expect(errors).toEqual([]);
    const mismatches: Mismatch[] = [];
    for (const [c, r] of ok) {
      const want = (BASELINE.functions[c.label] as { values: number[] }).values;
      BASELINE.points.forEach((x, i) => {
        if (!close(r.values[i] as number, want[i] as number, 1e-6, 1e-3))
          mismatches.push({ expr: c.label, x, got: r.values[i] as number, want: want[i] as number });
      });
    }
    expect(mismatches).toEqual([]);
    expect(ok).toHaveLength(Object.keys(BASELINE.functions).length);
  });

  it("differentiates like the engine's symbolic derivative wherever the function is smooth", () => {
    const pairs = [...resultsOf('named', named).ok, ...resultsOf('random', random).ok, ...resultsOf('constant-args', constantArgs).ok];
    expect(pairs.length).toBe(named.length + random.length + constantArgs.length);
    expect(gradientMismatches(pairs).slice(0, 10)).toEqual([]);
  });

  it('gives the nn.Module the same values as the functional form, with its parameters at their initial values', () => {
    const pairs = [...resultsOf('named', named).ok, ...resultsOf('random', random).ok];
    expect(pairs.length).toBe(named.length + random.length);
    expect(valueMismatches(pairs, (r) => r.module).slice(0, 10)).toEqual([]);
  });

  it('applies per-channel parameters to their own channel and trains every one of them', () => {
    const withParams = [...resultsOf('named', named).ok, ...resultsOf('random', random).ok].filter(([c]) => paramsOf(c.expr).length > 0);
    expect(withParams.length).toBeGreaterThan(5);
    const bad = withParams
      .filter(
        ([c, r]) =>
          !(r.channels !== null && r.channels.ok && r.channels.grads.every(Boolean) && r.channels.names.length === paramsOf(c.expr).length),
      )
      .map(([c, r]) => ({ expr: c.label, channels: r.channels }));
    expect(bad).toEqual([]);
  });
  it('keeps gradients finite through selections at large |x| in float32 and float64 (no 0 * inf from an unselected branch)', () => {
    const texts = SELECTION_TEXTS;
    const xs = [...LARGE_POINTS];
    const dir = mkdtempSync(join(tmpdir(), 'actsearch-torch-large-'));
    try {
      const items = texts.map((t, i) => {
        const file = join(dir, `large_${i}.py`);
        writeFileSync(file, exportActivation(parse(t), 'pytorch').code);
        return { file, points: xs };
      });
      const script = String.raw`
import importlib.util, json, math, sys
import torch
def enc(v):
    v = float(v)
    if math.isnan(v): return "nan"
    if math.isinf(v): return "inf" if v > 0 else "-inf"
    return v
job = json.load(sys.stdin)
out = []
for i, item in enumerate(job["items"]):
    spec = importlib.util.spec_from_file_location("l%d" % i, item["file"])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    row = {}
    for name, dtype in (("f32", torch.float32), ("f64", torch.float64)):
        x = torch.tensor(item["points"], dtype=dtype, requires_grad=True)
        y = mod.activation(x)
        g, = torch.autograd.grad(y.sum(), x)
        row[name] = {"values": [enc(v) for v in y.detach()], "grad": [enc(v) for v in g]}
    out.append(row)
json.dump(out, sys.stdout)
`;
      const rows = runPython(script, { items }, dir, TORCH_PYTHON ?? undefined) as Record<
        'f32' | 'f64',
        { values: (number | string)[]; grad: (number | string)[] }
      >[];
      const bad: string[] = [];
      rows.forEach((row, i) => {
        const e = parse(texts[i] as string);
        const want = evaluateArray(derivative(e), Float64Array.from(xs));
        for (const precision of ['f32', 'f64'] as const) {
          const values = row[precision].values.map(decodeFloat);
          const grad = row[precision].grad.map(decodeFloat);
          xs.forEach((x, j) => {
            if (!Number.isFinite(values[j] as number)) return; // the function itself overflows there
            const g = grad[j] as number;
            if (!Number.isFinite(g) || (precision === 'f64' && !close(g, want[j] as number, 1e-6, 1e-300)))
              bad.push(`${texts[i]} at ${x} (${precision}): grad ${g}, engine ${want[j]}`);
          });
        }
      });
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
