import type { Expr } from './ast.ts';
import { compileExpr } from './evaluate.ts';
import { Fnv1a64 } from './hash.ts';
import { PROBE_COUNT, probePointsShared } from './probe.ts';

/**
 * Mantissa bits of a float32 output that the fingerprint keeps: all 23 (see `fingerprint` for why).
 * `quantizeOutput` accepts fewer for measuring how class counts depend on the grid.
 */
export const FINGERPRINT_MANTISSA_BITS = 23;

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const MIN_NORMAL_F32 = 1.1754943508222875e-38;
const NAN_TOKEN = 0x7fc00000;

/** One probe output as a 32-bit token: quantized float32 bits, or a token for NaN / ±∞. */
export function quantizeOutput(v: number, mantissaBits = FINGERPRINT_MANTISSA_BITS): number {
  if (Number.isNaN(v)) return NAN_TOKEN;
  // Zero, −0 and subnormals (flushed to zero by many float32 kernels) are one token.
  if (Math.abs(v) < MIN_NORMAL_F32) return 0;
  F32[0] = v;
  const bits = U32[0] as number;
  if ((bits & 0x7f800000) === 0x7f800000) return bits; // ±∞
  const drop = 23 - mantissaBits;
  if (drop <= 0) return bits;
  // Round half up on the magnitude; a carry into the exponent is the correct rounding too.
  const half = 1 << (drop - 1);
  const sign = bits & 0x80000000;
  const magnitude = ((bits & 0x7fffffff) + half) & ~((1 << drop) - 1);
  return (sign | magnitude) >>> 0;
}

const outputs = new Float64Array(PROBE_COUNT);

/**
 * The identity of an activation: two expressions with the same fingerprint are the same function.
 *
 * 1. Evaluate in float32 (`compileExpr(e, 'f32')`: every input, constant, parameter and op result
 *    rounded to float32, parameters at their initial values) on the 1,000 `probePoints()`: N(0,1) draws
 *    from `Rng(PROBE_SEED)`, clipped to ±5.
 * 2. Quantize each output to a 32-bit token (`quantizeOutput`): its float32 bits, except that +0, −0
 *    and subnormals (which many float32 kernels flush to zero) are one token, and every NaN is one
 *    token; NaN, +∞ and −∞ stay distinct, so where a function is non-finite is part of its identity.
 * 3. Hash the 1,000 tokens with FNV-1a 64 (pure JS) and print 16 hex digits.
 *
 * Why no coarser rounding: equivalent formulas get equal float32 bits by construction — each primitive
 * op is the float32 rounding of its float64 value (platform-stable: a last-bit change in a float64
 * Math function almost never moves the rounded float32), composite ops are evaluated op by op in
 * float32 (`swish(x)` and `x * sigmoid(x)` agree bit for bit), and a·b = b·a, max(a, b) = max(b, a)
 * exactly. What remains different are formulas that round differently, such as x·(1/x) against 1
 * or erf + erfc against 1: float32 networks do compute different values there, and the PANGAEA paper
 * counts them as different functions. Its count of unique `binary(unary(x), unary(x))` members,
 * 2,913 ± 10, holds only without mantissa rounding (measured here on 5,103 members: 23 bits 2,906;
 * 22–20 bits 2,901; 18 bits 2,899; 16 bits 2,888; 12 bits 2,821; test/unit/expr/fingerprint-classes).
 * No rounding grid could merge every last-ulp pair anyway: a pair straddles a grid boundary with
 * probability ≈ (difference)/(grid step) at each of 1,000 points.
 */
export function fingerprint(e: Expr): string {
  const points = probePointsShared();
  compileExpr(e, 'f32')(points, outputs);
  const h = new Fnv1a64();
  for (let i = 0; i < PROBE_COUNT; i++) h.word(quantizeOutput(outputs[i] as number));
  return h.hex();
}

/** Fingerprint at another quantization (for measuring how the class count depends on it). */
export function fingerprintWithBits(e: Expr, mantissaBits: number): string {
  const points = probePointsShared();
  compileExpr(e, 'f32')(points, outputs);
  const h = new Fnv1a64();
  for (let i = 0; i < PROBE_COUNT; i++) h.word(quantizeOutput(outputs[i] as number, mantissaBits));
  return h.hex();
}
