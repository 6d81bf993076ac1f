import { Rng } from '../rng.ts';

/** A dense N×C×H×W tensor (samples, channels, positions), row-major (NCHW, as PyTorch lays out images). */
export interface LayerTensor {
  readonly shape: readonly [number, number, number, number];
  readonly data: Float64Array;
}

export function tensorSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** N(0, 1) entries from `Rng(seed)`, times `scale` plus `shift`, rounded to float32 (exact in both precisions). */
export function randomTensor(shape: readonly [number, number, number, number], seed: number, scale = 1, shift = 0): LayerTensor {
  const rng = new Rng(seed);
  const data = new Float64Array(tensorSize(shape));
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(rng.normal() * scale + shift);
  return { shape, data };
}

/**
 * The layer fingerprint's probe: 4 samples × 16 channels × 3×3 positions from `Rng(LAYER_PROBE_SEED)`.
 * Channels are scaled and shifted differently (scale 0.5 + c/8, shift c/4 − 2) and samples shifted
 * by 0.8·(n − 1.5), so that batch, instance, group and layer statistics all differ from each other and
 * from 0/1, and per-sample means take both signs (with one sign only, max(x², layer_mean(x)) would
 * look like x²); 16 channels divide into 1, 2, 4, 8 or 16 groups.
 */
export const LAYER_PROBE_SEED = 0;
export const LAYER_PROBE_SHAPE: readonly [number, number, number, number] = [4, 16, 3, 3];

const PROBE: LayerTensor = (() => {
  const [n, c, h, w] = LAYER_PROBE_SHAPE;
  const t = randomTensor(LAYER_PROBE_SHAPE, LAYER_PROBE_SEED);
  const hw = h * w;
  for (let i = 0; i < n * c * hw; i++) {
    const ch = Math.floor(i / hw) % c;
    const sample = Math.floor(i / (c * hw));
    t.data[i] = Math.fround((t.data[i] as number) * (0.5 + ch / 8) + (ch / 4 - 2) + 0.8 * (sample - 1.5));
  }
  return t;
})();

/** A fresh copy of the probe tensor. */
export function layerProbeTensor(): LayerTensor {
  return { shape: PROBE.shape, data: PROBE.data.slice() };
}

export function layerProbeShared(): LayerTensor {
  return PROBE;
}
