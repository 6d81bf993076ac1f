import { Rng } from './rng.ts';

/** Seed of the fingerprint probe points. Changing it changes every fingerprint. */
export const PROBE_SEED = 0;
export const PROBE_COUNT = 1000;
export const PROBE_CLIP = 5;

/**
 * 1,000 draws from N(0, 1) by `new Rng(PROBE_SEED).normal()`, clipped to ±5 and rounded to float32 (so
 * float64 and float32 evaluation see exactly the same inputs).
 */
const PROBES: Float64Array = (() => {
  const rng = new Rng(PROBE_SEED);
  const out = new Float64Array(PROBE_COUNT);
  for (let i = 0; i < PROBE_COUNT; i++) out[i] = Math.fround(Math.min(PROBE_CLIP, Math.max(-PROBE_CLIP, rng.normal())));
  return out;
})();

/** A fresh copy of the probe points. */
export function probePoints(): Float64Array {
  return PROBES.slice();
}

/** The shared probe points, for internal hot paths that promise not to write to them. */
export function probePointsShared(): Readonly<Float64Array> {
  return PROBES;
}
