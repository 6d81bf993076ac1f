import type { Expr } from '../ast.ts';
import { quantizeOutput } from '../fingerprint.ts';
import { Fnv1a64 } from '../hash.ts';
import { Rng } from '../rng.ts';
import { paramsOf } from '../tree.ts';
import { evaluateLayer } from './evaluate-layer.ts';
import { LAYER_PROBE_SHAPE, layerProbeShared } from './layer-tensor.ts';

/** Seed of the parameters' probe offsets (each name adds its own hash). */
const PARAM_PROBE_SEED = 0x1a7e;

function nameSeed(name: string): number {
  let h = PARAM_PROBE_SEED;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * Probe values of a per-channel parameter: its initial value plus a seeded offset per channel, uniform
 * in [−0.25, 0.25), rounded to float32. At their initial values alone, parameters would hide their
 * role (β starts at 0, so `y + beta` would be the same layer as `y`); with per-channel offsets, a
 * layer's identity includes what each parameter can do. The offsets depend on the name, so parameters
 * are told apart by name (γ scales, β shifts, v gates).
 */
export function layerParamProbe(name: string, init: number, channels: number): Float64Array {
  const rng = new Rng(nameSeed(name));
  const out = new Float64Array(channels);
  for (let c = 0; c < channels; c++) out[c] = Math.fround(init + (rng.next() - 0.5) / 2);
  return out;
}

/**
 * The identity of a layer expression, as `fingerprint` is for activations: evaluate in float32
 * (`evaluateLayer`, training mode, so batch aggregates use the probe batch) on the fixed probe tensor
 * (`layerProbeTensor`: 4×16×3×3 seeded N(0, 1), scaled and shifted per channel) with every parameter at
 * its probe values (`layerParamProbe`), quantize each output as `quantizeOutput` does (NaN, ±∞ kept,
 * ±0 and subnormals one token), and hash with FNV-1a 64. Evaluation is op by op in float32, so
 * identities that are exact in float32 (`sqrt(square(v))` and `abs(v)`, `a·b` and `b·a`) give equal
 * fingerprints, as for activations. An expression that cannot be evaluated on the probe (a group count
 * that does not divide 16 channels) throws ValidationError.
 */
export function layerFingerprint(e: Expr): string {
  const probe = layerProbeShared();
  const channels = LAYER_PROBE_SHAPE[1];
  const params = Object.fromEntries(paramsOf(e).map((p) => [p.name, layerParamProbe(p.name, p.init, channels)]));
  const { y } = evaluateLayer(e, probe, { precision: 'f32', mode: 'train', params });
  const h = new Fnv1a64();
  for (let i = 0; i < y.length; i++) h.word(quantizeOutput(y[i] as number));
  return h.hex();
}
