/**
 * A user's arrays as a classification dataset: a features file and a labels file, both NumPy `.npy`
 * (what `np.save` writes) or both IDX (the MNIST file format, unsigned bytes). The first dimension is
 * the example; the rest is one example's shape: `[d]` for vectors, `[h, w]` or `[h, w, c]` for images
 * (a CNN task needs h and w divisible by 4). Labels are integer class ids, `(n,)` or `(n, 1)`.
 *
 * Rows are shuffled with the fixed data seed and split like a CSV file (split-order.ts). Byte features
 * stay bytes (images: a quarter of the memory) and are normalised through a lookup table with the
 * training split's mean and deviation of v/255, as MNIST is; other dtypes are standardised per feature
 * on the training split, as CSV columns are.
 */
import { readFileSync } from 'node:fs';
import { ValidationError } from '@actsearch/core';
import { normalisingLut, type Dataset, type Split } from './dataset.ts';
import { parseIdx } from './idx.ts';
import { parseNpy } from './npy.ts';
import { DATA_SEED, featureStatistics, splitRows } from './split-order.ts';

export interface ArrayFilesDatasetSpec {
  readonly kind: 'npy' | 'idx';
  /** Absolute paths (a task file's relative paths are resolved against the task file's folder). */
  readonly features: string;
  readonly labels: string;
  /** Share of the rows held out for validation and for test (each, default 0.2). */
  readonly validationFraction: number;
  readonly testFraction: number;
}

interface Loaded {
  readonly shape: readonly number[];
  readonly data: Uint8Array | Float64Array;
}

function fail(spec: ArrayFilesDatasetSpec, message: string): never {
  throw new ValidationError(`dataset ${spec.features}: ${message}`, [{ path: 'dataset', message }]);
}

function read(spec: ArrayFilesDatasetSpec, file: string): Loaded {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return fail(spec, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    if (spec.kind === 'npy') return parseNpy(bytes);
    const { dims, data } = parseIdx(bytes);
    return { shape: dims, data };
  } catch (err) {
    return fail(spec, `${file}: ${(err as Error).message}`);
  }
}

function exampleShape(spec: ArrayFilesDatasetSpec, shape: readonly number[]): number[] {
  const rest = shape.slice(1);
  if (rest.length === 1) return [rest[0] as number];
  if (rest.length === 2) return [rest[0] as number, rest[1] as number, 1];
  if (rest.length === 3) return [...rest];
  return fail(spec, `features must have shape (n, d), (n, h, w) or (n, h, w, c); got (${shape.join(', ')})`);
}

export function loadArrayFiles(spec: ArrayFilesDatasetSpec): Dataset {
  const features = read(spec, spec.features);
  const labels = read(spec, spec.labels);
  const n = features.shape[0] ?? 0;
  const inputShape = exampleShape(spec, features.shape);
  const d = inputShape.reduce((a, b) => a * b, 1);
  if (!(labels.shape.length === 1 || (labels.shape.length === 2 && labels.shape[1] === 1)))
    fail(spec, `labels must have shape (n,) or (n, 1); got (${labels.shape.join(', ')})`);
  if (labels.shape[0] !== n) fail(spec, `${n} examples but ${labels.shape[0]} labels`);
  const ids = Array.from(labels.data);
  const bad = ids.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) fail(spec, `label ${bad} is ${ids[bad]}, not an integer class id`);
  const classes = [...new Set(ids)].sort((a, b) => a - b);
  if (classes.length < 2) fail(spec, `the labels need at least 2 classes, they have ${classes.length}`);
  if (classes.length > 255) fail(spec, `the labels have ${classes.length} classes, at most 255 are supported`);
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const rows = splitRows(n, spec.validationFraction, spec.testFraction);
  if (rows === null) return fail(spec, `${n} examples are too few to split into train and validation`);
  const { order, nTrain, nVal, nTest } = rows;

  const bytes = features.data instanceof Uint8Array;
  let lut: Float32Array | undefined;
  let mean: Float64Array = new Float64Array(d);
  let std: Float64Array = new Float64Array(d).fill(1);
  if (bytes) {
    let sum = 0;
    let sq = 0;
    for (const i of order.slice(0, nTrain)) {
      for (let j = 0; j < d; j++) {
        const v = (features.data[i * d + j] as number) / 255;
        sum += v;
        sq += v * v;
      }
    }
    const m = sum / (nTrain * d);
    lut = normalisingLut(m, Math.sqrt(Math.max(sq / (nTrain * d) - m * m, 0)) || 1);
  } else {
    ({ mean, std } = featureStatistics(d, order.slice(0, nTrain), (i, j) => {
      const v = features.data[i * d + j] as number;
      if (!Number.isFinite(v)) fail(spec, `feature ${j} of example ${i} is ${v}`);
      return v;
    }));
  }
  const split = (from: number, to: number): Split => {
    const count = to - from;
    const x = bytes ? new Uint8Array(count * d) : new Float32Array(count * d);
    const y = new Uint8Array(count);
    for (let r = 0; r < count; r++) {
      const i = order[from + r] as number;
      if (bytes) x.set((features.data as Uint8Array).subarray(i * d, (i + 1) * d), r * d);
      else for (let j = 0; j < d; j++) x[r * d + j] = ((features.data[i * d + j] as number) - (mean[j] as number)) / (std[j] as number);
      y[r] = classOf.get(ids[i] as number) as number;
    }
    return { n: count, x, labels: y };
  };
  const what = spec.kind === 'npy' ? '.npy' : 'IDX';
  return {
    id: `${spec.kind}:${spec.features}`,
    kind: 'classification',
    inputShape,
    outputSize: classes.length,
    ...(lut === undefined ? {} : { lut }),
    train: split(0, nTrain),
    validation: split(nTrain, nTrain + nVal),
    test: nTest > 0 ? split(nTrain + nVal, n) : split(nTrain, nTrain + nVal),
    description: `${spec.features} + ${spec.labels} (${what}): ${n} examples of shape [${inputShape.join(', ')}], ${classes.length} classes, shuffled with data seed ${DATA_SEED} and split ${nTrain}/${nVal}/${nTest}; ${bytes ? 'bytes normalised with the training split’s mean and deviation' : 'features standardised on the training split'}`,
  };
}
