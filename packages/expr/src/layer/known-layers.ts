import type { Expr } from '../ast.ts';
import { layerFingerprint } from './fingerprint-layer.ts';
import { parseLayer } from './layer-expr.ts';

export interface KnownLayer {
  readonly name: string;
  /** The definition in the layer expression syntax. */
  readonly text: string;
  readonly summary: string;
}

/**
 * Group count of the known group-statistics layers. The EvoNorm paper uses 32 groups on ResNets with
 * 64+ channels; the proxy networks have 8, 16 and 64 channels, and 4 groups divide all of them.
 */
export const KNOWN_LAYER_GROUPS = 4;

const G = KNOWN_LAYER_GROUPS;

/** The baseline layers of the EvoNorm paper, by name (docs/layers.md has their definitions). */
export const KNOWN_LAYERS: readonly KnownLayer[] = Object.freeze([
  {
    name: 'bn_relu',
    text: 'relu((x - batch_mean(x)) / sqrt(batch_var(x) + eps) * gamma + beta)',
    summary: 'BatchNorm followed by ReLU',
  },
  {
    name: 'gn_relu',
    text: `relu((x - group_mean(x, ${G})) / sqrt(group_var(x, ${G}) + eps) * gamma + beta)`,
    summary: `GroupNorm (${G} groups) followed by ReLU`,
  },
  {
    name: 'evonorm_b0',
    text: 'x / max(sqrt(batch_var(x) + eps), v * x + sqrt(instance_var(x) + eps)) * gamma + beta',
    summary: 'EvoNorm-B0: batch-dependent, x / max(batch std, v·x + instance std)',
  },
  {
    name: 'evonorm_s0',
    text: `x * sigmoid(v * x) / sqrt(group_var(x, ${G}) + eps) * gamma + beta`,
    summary: `EvoNorm-S0: batch-independent, x·σ(v·x) / group std (${G} groups)`,
  },
]);

const BY_NAME: ReadonlyMap<string, KnownLayer> = new Map(KNOWN_LAYERS.map((l) => [l.name, l]));

export function getKnownLayer(name: string): KnownLayer | undefined {
  return BY_NAME.get(name);
}

/** A known layer's name, or a layer expression: its AST (ParseError / ValidationError for bad text). */
export function resolveLayer(nameOrText: string): Expr {
  return parseLayer(BY_NAME.get(nameOrText.trim())?.text ?? nameOrText);
}

let byFingerprint: ReadonlyMap<string, KnownLayer> | undefined;

/** The known layer with this layer fingerprint (`bn_relu` for BatchNorm + ReLU in any spelling), if any. */
export function knownLayerByFingerprint(fp: string): KnownLayer | undefined {
  byFingerprint ??= new Map(KNOWN_LAYERS.map((l) => [layerFingerprint(parseLayer(l.text)), l]));
  return byFingerprint.get(fp);
}
