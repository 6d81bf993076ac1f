/**
 * Layer export: the generated PyTorch nn.Module and NumPy class, run by real PyTorch and NumPy, match
 * the engine's layer semantics (expr's evaluateLayer, float64) on random tensors — a training-mode
 * forward (batch statistics, running averages updated with momentum 0.1) followed by an
 * evaluation-mode forward on another batch (running averages), for 4-D and 2-D inputs. Skipped only
 * where no python3 has the module.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import {
  evaluateLayer,
  exportLayer,
  KNOWN_LAYERS,
  layerParams,
  parseLayer,
  parse,
  randomTensor,
  resolveLayer,
  Rng,
  updateRunning,
  type Expr,
  type LayerEvalResult,
} from '@actsearch/expr';
import { pythonWith, runPython } from './export-fixtures/python.ts';

const TORCH = pythonWith('torch');
const NUMPY = pythonWith('numpy');

const SCRIPT = String.raw`
import importlib.util, json, sys, traceback
import numpy as np
job = json.load(sys.stdin)
torch = None
if job["lang"] == "pytorch":
    import torch
out = []
for i, item in enumerate(job["items"]):
    try:
        spec = importlib.util.spec_from_file_location("layer%d" % i, item["file"])
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        shape = item["shape"]
        c = shape[1]
        layer = mod.ActsearchLayer(c)
        keys = list(layer.RUNNING_KEYS)
        x1 = np.array(item["x1"], dtype=np.float64).reshape(shape)
        x2 = np.array(item["x2"], dtype=np.float64).reshape(shape)
        if torch is not None:
            layer = layer.double()
            with torch.no_grad():
                for name, values in item["params"].items():
                    getattr(layer, name).copy_(torch.tensor(values, dtype=torch.float64))
                for k, key in enumerate(keys):
                    getattr(layer, "running_%d" % k).copy_(torch.tensor(item["running"][key], dtype=torch.float64))
            layer.train()
            y1 = layer(torch.tensor(x1))
            y1.sum().backward()
            grads = [p.grad is not None and tuple(p.grad.shape) == (c,) for p in layer.parameters()]
            running = {key: getattr(layer, "running_%d" % k).tolist() for k, key in enumerate(keys)}
            layer.eval()
            with torch.no_grad():
                y2 = layer(torch.tensor(x2))
            y1, y2 = y1.detach().numpy(), y2.numpy()
        else:
            for name, values in item["params"].items():
                setattr(layer, name, np.array(values, dtype=np.float64))
            layer.running = [np.array(item["running"][key], dtype=np.float64) for key in keys]
            layer.train()
            y1 = layer(x1)
            grads = []
            running = {key: layer.running[k].tolist() for k, key in enumerate(keys)}
            layer.eval()
            y2 = layer(x2)
        out.append({"y1": y1.ravel().tolist(), "y2": y2.ravel().tolist(), "running": running, "grads": grads, "keys": keys})
    except Exception:
        out.append({"error": traceback.format_exc(limit=4)})
json.dump(out, sys.stdout)
`;

const LAYERS: [string, Expr][] = [
  ...KNOWN_LAYERS.map((l): [string, Expr] => [l.name, resolveLayer(l.name)]),
  [
    'mixed',
    parseLayer(
      'signed_sqrt(x - layer_mean(x)) * v0 + tanh(x) / sqrt(batch_mean(square(x * gamma)) + group_var(x, 2) + eps) + instance_mean(x)',
    ),
  ],
];
const SHAPES: (readonly [number, number, number, number])[] = [
  [3, 8, 2, 3],
  [6, 8, 1, 1],
];

interface Case {
  readonly label: string;
  readonly file: string;
  readonly shape: readonly number[];
  readonly x1: number[];
  readonly x2: number[];
  readonly params: Record<string, number[]>;
  readonly running: Record<string, number[]>;
  readonly train: LayerEvalResult;
  readonly runningAfter: Record<string, Float64Array>;
  readonly evalY: Float64Array;
}

const tmp = mkdtempSync(join(tmpdir(), 'actsearch-layer-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cases(lang: 'pytorch' | 'numpy'): Case[] {
  const rng = new Rng(11);
  const out: Case[] = [];
  LAYERS.forEach(([label, e], li) => {
    const file = join(tmp, `${lang}_${li}.py`);
    writeFileSync(file, exportLayer(e, lang).code);
    SHAPES.forEach((shape, si) => {
      const c = shape[1];
      const x1 = randomTensor(shape, 10 * li + si, 1.3, 0.4);
      const x2 = randomTensor(shape, 100 + 10 * li + si, 0.8, -0.2);
      const params = Object.fromEntries(layerParams(e).map((p) => [p.name, Array.from({ length: c }, () => p.init + rng.next() - 0.5)]));
      const train = evaluateLayer(e, x1, { mode: 'train', params });
      const running: Record<string, number[]> = {};
      const runningAfter: Record<string, Float64Array> = {};
      for (const [key, stat] of Object.entries(train.batchStats)) {
        running[key] = Array.from({ length: c }, () => (key.startsWith('batch_var') ? 1 : 0) + rng.next() * 0.5);
        const r = Float64Array.from(running[key]);
        updateRunning(r, stat);
        runningAfter[key] = r;
      }
      const evalY = evaluateLayer(e, x2, { mode: 'eval', params, running: runningAfter }).y;
      out.push({
        label: `${label} ${shape.join('×')}`,
        file,
        shape,
        x1: [...x1.data],
        x2: [...x2.data],
        params,
        running,
        train,
        runningAfter,
        evalY,
      });
    });
  });
  return out;
}

function worstRelative(got: readonly number[], want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)) / Math.max(1, Math.abs(want[i] as number)));
  return got.length === want.length ? worst : Infinity;
}

type Answer = { y1: number[]; y2: number[]; running: Record<string, number[]>; grads: boolean[]; keys: string[] } | { error: string };

function check(lang: 'pytorch' | 'numpy', python: string): void {
  const cs = cases(lang);
  const answers = runPython(
    SCRIPT,
    { lang, items: cs.map(({ file, shape, x1, x2, params, running }) => ({ file, shape, x1, x2, params, running })) },
    tmp,
    python,
  ) as Answer[];
  cs.forEach((c, i) => {
    const a = answers[i] as Answer;
    if ('error' in a) throw new Error(`${c.label}: ${a.error}`);
    expect(a.keys.sort(), c.label).toEqual(Object.keys(c.runningAfter).sort());
    expect(worstRelative(a.y1, c.train.y), `${c.label} train`).toBeLessThan(1e-12);
    for (const key of a.keys)
      expect(worstRelative(a.running[key] as number[], c.runningAfter[key] as Float64Array), `${c.label} ${key}`).toBeLessThan(1e-12);
    expect(worstRelative(a.y2, c.evalY), `${c.label} eval`).toBeLessThan(1e-12);
    if (lang === 'pytorch') expect(a.grads.every(Boolean), `${c.label} grads`).toBe(true);
  });
}

describe('layer export', () => {
  it.skipIf(TORCH === null)(
    'PyTorch nn.Module matches the engine in train() and eval() mode',
    () => {
      check('pytorch', TORCH as string);
    },
    120_000,
  );

  it.skipIf(NUMPY === null)(
    'NumPy class matches the engine in training and evaluation mode',
    () => {
      check('numpy', NUMPY as string);
    },
    60_000,
  );

  it('refuses an activation, and languages other than PyTorch and NumPy', () => {
    expect(() => exportLayer(parse('relu(x)'), 'pytorch')).toThrow(ValidationError);
    expect(() => exportLayer(resolveLayer('bn_relu'), 'keras' as 'numpy')).toThrow(/layers export to pytorch and numpy/);
  });

  it('names its running buffers after the batch statistics, and a batch-independent layer has none', () => {
    const b0 = exportLayer(resolveLayer('evonorm_b0'), 'pytorch').code;
    expect(b0).toContain('RUNNING_KEYS = ("batch_var(x)",)');
    expect(b0).toContain('class ActsearchLayer(nn.Module):');
    expect(exportLayer(resolveLayer('evonorm_s0'), 'numpy').code).toContain('RUNNING_KEYS = ()');
  });
});
