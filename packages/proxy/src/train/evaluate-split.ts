import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, Split } from '../data/dataset.ts';
import { fillBatch, inputSize, makeBatchBuffers } from '../data/dataset.ts';
import type { Network } from '../model/network.ts';

export interface SplitScore {
  /** Accuracy for classification, −MSE for regression; NaN when the outputs are not finite. */
  readonly metric: number;
  /** Mean cross-entropy or MSE (float64 on the host); NaN when not finite. */
  readonly loss: number;
}

const CHUNK = 1000;

/** Scores the network on the first `limit` examples of a split, in chunks (inference only, no tape). */
export function evaluateSplit(net: Network, ds: Dataset, split: Split, limit = split.n): SplitScore {
  const n = Math.min(limit, split.n);
  const d = inputSize(ds);
  const k = ds.outputSize;
  const buf = makeBatchBuffers(ds, Math.min(CHUNK, n));
  let correct = 0;
  let lossSum = 0;
  let finite = true;
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    fillBatch(ds, split, null, start, count, buf);
    const out = tf.tidy(() => net.infer(tf.tensor2d(buf.x.subarray(0, count * d), [count, d])));
    const o = out.dataSync();
    out.dispose();
    for (let r = 0; r < count; r++) {
      if (ds.kind === 'classification') {
        let best = 0;
        let max = -Infinity;
        for (let j = 0; j < k; j++) {
          const v = o[r * k + j] as number;
          if (!Number.isFinite(v)) finite = false;
          if (v > max) {
            max = v;
            best = j;
          }
        }
        let sumExp = 0;
        for (let j = 0; j < k; j++) sumExp += Math.exp((o[r * k + j] as number) - max);
        const target = (split.labels as Uint8Array)[start + r] as number;
        lossSum += -((o[r * k + target] as number) - max - Math.log(sumExp));
        if (best === target) correct++;
      } else {
        for (let j = 0; j < k; j++) {
          const e = (o[r * k + j] as number) - (buf.y[r * k + j] as number);
          lossSum += e * e;
        }
      }
    }
  }
  const loss = ds.kind === 'classification' ? lossSum / n : lossSum / (n * k);
  if (!finite || !Number.isFinite(loss)) return { metric: NaN, loss: NaN };
  return { metric: ds.kind === 'classification' ? correct / n : -loss, loss };
}
