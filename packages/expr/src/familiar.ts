import { call, type Expr } from './ast.ts';
import { canonicalize } from './canonical.ts';
import { fingerprint } from './fingerprint.ts';
import { parse } from './parse.ts';
import { print } from './print.ts';
import { candidateKindOfText, parseCandidate } from './candidate-kind.ts';
import { layerFingerprint } from './layer/fingerprint-layer.ts';
import { knownLayerByFingerprint } from './layer/known-layers.ts';
import { printLayer } from './layer/layer-expr.ts';

/** A published activation as people write it, with the name they know it by. */
export interface FamiliarActivation {
  /** The text shown for every member of its class: `x * sigmoid(x)`, `elu(x)`. */
  readonly text: string;
  readonly name: string;
}

/**
 * Well-known activations. The class of each is found by fingerprint, so `sigmoid_mul(x, x)`,
 * `swish(x)` and `silu(x)` all show as `x * sigmoid(x)`, and `min(expm1(x), relu(x))` as `elu(x)`.
 * Swish is written out because that is how the papers write it; the others keep their op name,
 * which is what PyTorch and Keras call them.
 */
const FAMILIAR: readonly FamiliarActivation[] = [
  { text: 'relu(x)', name: 'ReLU' },
  { text: 'leaky_relu(x)', name: 'leaky ReLU (slope 0.01)' },
  { text: 'elu(x)', name: 'ELU' },
  { text: 'selu(x)', name: 'SELU' },
  { text: 'gelu(x)', name: 'GELU' },
  { text: 'gelu_tanh(x)', name: 'GELU (tanh approximation)' },
  { text: 'x * sigmoid(x)', name: 'Swish (SiLU)' },
  { text: 'mish(x)', name: 'Mish' },
  { text: 'softplus(x)', name: 'softplus' },
  { text: 'hardswish(x)', name: 'hard Swish' },
  { text: 'elish(x)', name: 'ELiSH' },
  { text: 'snake(x)', name: 'Snake (a = 1)' },
  { text: 'tanh(x)', name: 'tanh' },
  { text: 'sigmoid(x)', name: 'sigmoid' },
  { text: 'softsign(x)', name: 'softsign' },
  { text: 'hard_sigmoid(x)', name: 'hard sigmoid' },
  { text: 'log_sigmoid(x)', name: 'log-sigmoid' },
  { text: 'x', name: 'identity' },
];

let byFingerprint: Map<string, FamiliarActivation> | undefined;

function table(): Map<string, FamiliarActivation> {
  // Built on first use: a fingerprint is 1,000 float32 evaluations, not worth paying at import.
  byFingerprint ??= new Map(FAMILIAR.map((entry) => [fingerprint(canonicalize(parse(entry.text))), entry]));
  return byFingerprint;
}

/** The well-known activation with this fingerprint, or null. */
export function familiarActivation(fp: string): FamiliarActivation | null {
  return table().get(fp) ?? null;
}

/**
 * How an expression is shown to people: the familiar text of its class when it has one, else the
 * expression with op forms written the usual way (`sigmoid_mul(a, b)` → `b * sigmoid(a)`). What it
 * returns denotes the same function (same fingerprint), so it can be copied back into a spec. A layer
 * expression shows as its known layer's definition (`… + eps) * gamma + beta`) when it is one, else
 * printed with the layer defaults. Text that does not parse comes back unchanged. Pass the
 * fingerprint (the layer fingerprint for a layer) when it is known already.
 */
export function displayText(text: string, fp?: string): string {
  const kind = candidateKindOfText(text);
  let expr: Expr;
  try {
    expr = parseCandidate(text, kind);
  } catch {
    return text;
  }
  if (kind === 'layer') return knownLayerText(expr, fp) ?? printLayer(affineLast(usualForms(expr)));
  const familiar = table().get(fp ?? fingerprint(canonicalize(expr)));
  return familiar === undefined ? print(usualForms(expr)) : familiar.text;
}

/** Rewrites op forms people do not write into the arithmetic they denote, bottom-up. */
function usualForms(e: Expr): Expr {
  if (e.kind !== 'call') return e;
  const args = e.args.map(usualForms);
  const [a, b] = args;
  // sigmoid_mul(a, b) = σ(a)·b (packages/expr/src/ops/kernel.ts).
  if (e.op === 'sigmoid_mul' && a !== undefined && b !== undefined && args.length === 2) return call('mul', b, call('sigmoid', a));
  return call(e.op, ...args);
}

/** The known layer's definition, when `e` is one. */
function knownLayerText(e: Expr, fp: string | undefined): string | undefined {
  try {
    return knownLayerByFingerprint(fp ?? layerFingerprint(e))?.text;
  } catch {
    // The probe tensor cannot evaluate it (a group count that does not divide its 16 channels), and
    // every known layer's can be: it is none of them.
    return undefined;
  }
}

const isParam = (e: Expr | undefined, name: string): boolean => e?.kind === 'param' && e.name === name;

/**
 * A layer's per-channel affine written last, as the papers and the known layers write it:
 * canonical order makes `y * gamma + beta` into `beta + gamma * y`. Addition and multiplication
 * commute exactly in floating point, so both texts are the same layer (same fingerprint).
 */
function affineLast(e: Expr): Expr {
  if (e.kind !== 'call' || e.op !== 'add' || e.args.length !== 2) return e;
  const beta = e.args.find((a) => isParam(a, 'beta'));
  const scaled = e.args.find((a) => a !== beta);
  if (beta === undefined || scaled?.kind !== 'call' || scaled.op !== 'mul' || scaled.args.length !== 2) return e;
  const gamma = scaled.args.find((a) => isParam(a, 'gamma'));
  const y = scaled.args.find((a) => a !== gamma);
  return gamma === undefined || y === undefined ? e : call('add', call('mul', y, gamma), beta);
}
