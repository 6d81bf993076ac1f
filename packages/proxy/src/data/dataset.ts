/**
 * Datasets live in plain typed arrays, never in one big tensor: on WASM, slicing a batch out of a large
 * tensor copies the whole tensor, so each batch is assembled from subarrays into a reused buffer and
 * uploaded as one small tensor.
 */
export type DatasetKind = 'classification' | 'regression';

export interface Split {
  /** Number of examples. */
  readonly n: number;
  /**
   * Inputs, row-major `n × inputSize`. Image sets keep raw bytes (a quarter of the memory of floats:
   * MNIST's 70k images are 55 MB instead of 220 MB per process) and map them through `lut`.
   */
  readonly x: Float32Array | Uint8Array;
  /** For classification: the class of each example. */
  readonly labels?: Uint8Array;
  /** For regression: `n × outputSize` targets. */
  readonly targets?: Float32Array;
}

export interface Dataset {
  readonly id: string;
  readonly kind: DatasetKind;
  /** Shape of one input example, e.g. [784] for a flat image, [28, 28, 1] when a CNN reads it. */
  readonly inputShape: readonly number[];
  /** Classes for classification, target dimension for regression. */
  readonly outputSize: number;
  /** For byte inputs: the float value of each byte (normalisation folded in). */
  readonly lut?: Float32Array;
  readonly train: Split;
  readonly validation: Split;
  readonly test: Split;
  /** How the splits were made, for the README and the result record. */
  readonly description: string;
}

export function inputSize(ds: Dataset): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

/** A reusable pair of buffers for one batch size. */
export interface BatchBuffers {
  readonly x: Float32Array;
  readonly y: Float32Array;
}

export function makeBatchBuffers(ds: Dataset, batchSize: number): BatchBuffers {
  return { x: new Float32Array(batchSize * inputSize(ds)), y: new Float32Array(batchSize * ds.outputSize) };
}

/**
 * Copies examples `order[start .. start+count)` of `split` into the buffers: inputs as floats, the
 * target as one-hot (classification) or values (regression). Returns `count`.
 */
export function fillBatch(
  ds: Dataset,
  split: Split,
  order: ArrayLike<number> | null,
  start: number,
  count: number,
  buf: BatchBuffers,
): number {
  const d = inputSize(ds);
  const k = ds.outputSize;
  buf.y.fill(0, 0, count * k);
  const lut = ds.lut;
  const xs = split.x;
  const out = buf.x;
  for (let r = 0; r < count; r++) {
    const i = order === null ? start + r : (order[start + r] as number);
    if (lut !== undefined && xs instanceof Uint8Array) {
      const src = i * d;
      const dst = r * d;
      for (let j = 0; j < d; j++) out[dst + j] = lut[xs[src + j] as number] as number;
    } else {
      out.set(xs.subarray(i * d, (i + 1) * d), r * d);
    }
    if (ds.kind === 'classification') buf.y[r * k + (split.labels as Uint8Array)[i]!] = 1;
    else buf.y.set((split.targets as Float32Array).subarray(i * k, (i + 1) * k), r * k);
  }
  return count;
}

/** A byte → float table for pixels: (v/255 − mean)/std. */
export function normalisingLut(mean: number, std: number): Float32Array {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = (v / 255 - mean) / std;
  return lut;
}
