import { isParamName } from '../params.ts';

/**
 * Parameters of a layer expression are per-channel vectors (one value per channel of the layer
 * input). Besides the activation parameter names (alpha, beta, gamma, …) a layer may use EvoNorm's
 * `v`, `v0`, `v1`, … Initial values follow the paper and BatchNorm: the shift `beta*` and `v0` start
 * at 0, everything else (`gamma` scale, `v`/`v1` gate, …) at 1. A `; beta = 0.5` clause overrides.
 */
export const LAYER_PARAM_PATTERN = /^v(?:0|[1-9][0-9]*)?$/;

export function isLayerParamName(name: string): boolean {
  return isParamName(name) || LAYER_PARAM_PATTERN.test(name);
}

export function layerParamInit(name: string): number {
  return /^beta(?:[1-9][0-9]*)?$/.test(name) || name === 'v0' ? 0 : 1;
}

/** BatchNorm's ε, written `eps` in layer expressions (PyTorch's default for BatchNorm and GroupNorm). */
export const LAYER_EPS = 1e-5;
