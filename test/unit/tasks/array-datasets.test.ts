/**
 * A builtin task on the user's own arrays: `.npy` files written by real NumPy (`np.save`) and IDX
 * files in MNIST's format, read from the folder the task file names, trained, and refused with one
 * readable message when they are wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { evaluateCandidate, loadDataset, parseNpy } from '@actsearch/proxy';
import { TaskCatalog, readTaskFile, type BuiltinTask } from '@actsearch/tasks';
import { python } from '../expr/export-fixtures/python.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'array-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function taskFile(dataset: string, architecture: string): string {
  return `id: my-arrays
version: 1
kind: builtin
title: my arrays
dataset: ${dataset}
architecture: ${architecture}
learningRate: 3e-3
schedule: constant
metric: accuracy
chance: 0.5
quality: { step: 100, floor: 0.2, split: validation, limit: 2000 }
fidelities:
  screen: { steps: 150, batchSize: 32, curveEvery: 50, test: false }
  standard: { steps: 300, batchSize: 32, curveEvery: 50, test: false }
  full: { steps: 600, batchSize: 32, curveEvery: 100, test: true }
`;
}

/** Runs NumPy in `cwd` to write arrays with np.save. */
function numpy(cwd: string, code: string): void {
  const r = spawnSync(python(), ['-c', `import numpy as np\nrng = np.random.default_rng(0)\n${code}`], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** An unsigned-byte IDX file: magic 0x0000080N, big-endian dimensions, the bytes. */
function idx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

describe('datasets from .npy and IDX files', () => {
  it('trains an MLP on float features and int64 labels saved by NumPy', async () => {
    const folder = mkdtempSync(path.join(dir, 'npy-'));
    numpy(
      folder,
      `x = rng.normal(size=(400, 3)).astype(np.float32) * 3 + 10
y = ((x[:, 0] - 10) * (x[:, 1] - 10) > 0).astype(np.int64) * 7   # classes 0 and 7
np.save("x.npy", x); np.save("y.npy", y)`,
    );
    writeFileSync(path.join(folder, 'task.yaml'), taskFile('{ npy: x.npy, labels: y.npy }', '{ kind: mlp, hidden: [16] }'));
    const catalog = TaskCatalog.fromDirs([folder]);
    expect(catalog.problems).toEqual([]);
    const task: BuiltinTask = catalog.builtin('my-arrays');
    expect(task.dataset).toMatchObject({ kind: 'npy', features: path.join(folder, 'x.npy'), labels: path.join(folder, 'y.npy') });
    const ds = loadDataset(task.dataset);
    expect([ds.inputShape, ds.outputSize, ds.train.n, ds.validation.n, ds.test.n]).toEqual([[3], 2, 240, 80, 80]);
    // Standardised on the training split: the feature means there are ~0 although the raw ones are ~10.
    const x = ds.train.x as Float32Array;
    const mean0 = Array.from({ length: ds.train.n }, (_, i) => x[i * 3] as number).reduce((a, b) => a + b, 0) / ds.train.n;
    expect(Math.abs(mean0)).toBeLessThan(1e-4);
    const r = await evaluateCandidate({ expr: 'relu(x)', task, fidelity: 'screen', seed: 0, rejection: { stability: false } });
    expect(r.network).toBe('MLP 3-16-2');
    expect(r.validationMetric).toBeGreaterThan(0.7);
  }, 120_000);

  it('trains a CNN on 8×8 byte images and labels in IDX files, keeping the pixels as bytes', async () => {
    const folder = mkdtempSync(path.join(dir, 'idx-'));
    const n = 400;
    const images = new Uint8Array(n * 64);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 2;
      // class 0: a bright left half; class 1: a bright right half; plus a little deterministic noise
      for (let p = 0; p < 64; p++) images[i * 64 + p] = (p % 8 < 4 === (i % 2 === 0) ? 200 : 30) + ((i * 31 + p * 7) % 40);
    }
    writeFileSync(path.join(folder, 'images-idx3-ubyte'), idx([n, 8, 8], images));
    writeFileSync(path.join(folder, 'labels-idx1-ubyte'), idx([n], labels));
    writeFileSync(
      path.join(folder, 'task.yaml'),
      taskFile('{ idx: images-idx3-ubyte, labels: labels-idx1-ubyte, testFraction: 0 }', '{ kind: cnn, channels: [4, 8] }'),
    );
    const catalog = TaskCatalog.fromDirs([folder]);
    expect(catalog.problems).toEqual([]);
    const task: BuiltinTask = catalog.builtin('my-arrays');
    const ds = loadDataset(task.dataset);
    expect(ds.inputShape).toEqual([8, 8, 1]);
    expect(ds.train.x).toBeInstanceOf(Uint8Array);
    expect(ds.lut).toBeInstanceOf(Float32Array);
    const r = await evaluateCandidate({ expr: 'relu(x)', task, fidelity: 'screen', seed: 0, rejection: { stability: false } });
    expect(r.network).toMatch(/^CNN 8×8×1/);
    expect(r.validationMetric).toBeGreaterThan(0.9);
  }, 120_000);

  it('refuses mismatched, non-integer and unreadable arrays with one message naming the file', () => {
    const folder = mkdtempSync(path.join(dir, 'bad-'));
    numpy(
      folder,
      `np.save("x.npy", rng.normal(size=(50, 2)))
np.save("y49.npy", np.arange(49) % 2)
np.save("yfrac.npy", np.linspace(0, 1, 50))
np.save("xf.npy", np.asfortranarray(rng.normal(size=(50, 2))))
np.save("xbig.npy", rng.normal(size=(50, 2)).astype(">f8"))
np.save("x4d.npy", np.zeros((50, 2, 2, 2, 2), dtype=np.float32))`,
    );
    const spec = (features: string, labels: string) => ({
      kind: 'npy' as const,
      features: path.join(folder, features),
      labels: path.join(folder, labels),
      validationFraction: 0.2,
      testFraction: 0.2,
    });
    const cases: [string, string, RegExp][] = [
      ['x.npy', 'y49.npy', /50 examples but 49 labels/],
      ['x.npy', 'yfrac.npy', /not an integer class id/],
      ['xf.npy', 'y49.npy', /Fortran-ordered arrays are not supported/],
      ['xbig.npy', 'y49.npy', /unsupported dtype '>f8' \(big-endian/],
      ['x4d.npy', 'y49.npy', /features must have shape/],
      ['missing.npy', 'y49.npy', /cannot read .*missing\.npy: ENOENT/],
    ];
    for (const [features, labels, message] of cases) {
      let error: unknown;
      try {
        loadDataset(spec(features, labels));
      } catch (err) {
        error = err;
      }
      expect(error, features).toBeInstanceOf(ValidationError);
      expect((error as Error).message, features).toMatch(message);
      expect((error as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('refuses a task file whose array dataset lacks its labels file, naming the field', () => {
    const read = readTaskFile(taskFile('{ npy: x.npy }', '{ kind: mlp, hidden: [8] }'), path.join(dir, 'no-labels.yaml'));
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toMatch(/no-labels\.yaml: field 'dataset': .*\{ npy: FEATURES, labels: LABELS \}/);
  });

  it('reads .npy versions 1 and 2 and refuses what is not one', () => {
    const v1 = Buffer.concat([
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]),
      Buffer.from([70, 0]),
      Buffer.from(`{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }`.padEnd(69, ' ') + '\n'),
      Buffer.from(new Int16Array([-2, 0, 5]).buffer),
    ]);
    expect(parseNpy(v1)).toMatchObject({ shape: [3], dtype: '<i2', data: new Float64Array([-2, 0, 5]) });
    const header2 = `{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }`.padEnd(115, ' ') + '\n';
    const v2 = Buffer.concat([
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]),
      Buffer.from(new Uint32Array([header2.length]).buffer),
      Buffer.from(header2),
      Buffer.from([1, 2, 3, 4]),
    ]);
    const bytes = parseNpy(v2);
    expect([bytes.shape, bytes.dtype, bytes.data instanceof Uint8Array, Array.from(bytes.data)]).toEqual([
      [2, 2],
      '|u1',
      true,
      [1, 2, 3, 4],
    ]);
    expect(() => parseNpy(Buffer.from('hello, world'))).toThrow(/not a \.npy file/);
    expect(() => parseNpy(v1.subarray(0, v1.length - 2))).toThrow(/truncated/);
  });
});
