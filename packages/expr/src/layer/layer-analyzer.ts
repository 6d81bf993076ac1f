import type { Expr } from '../ast.ts';
import { parse } from '../parse.ts';
import { paramsOf } from '../tree.ts';
import { evaluateLayer } from './evaluate-layer.ts';
import { layerFingerprint, layerParamProbe } from './fingerprint-layer.ts';
import { LAYER_PROBE_SHAPE, layerProbeTensor } from './layer-tensor.ts';

/** Probe outputs the layer features sample: every 36th element (one per sample and channel). */
const FEATURE_STRIDE = 9;
const FEATURE_CLIP = 1e3;

/**
 * How a search identifies and describes layers — the same three methods as the search package's
 * `Analyzer` (structurally typed, so this pure package does not import it): the layer fingerprint, a
 * fixed-length description (the layer's training-mode outputs at one position of every sample and
 * channel of the probe tensor, clipped to ±1000, non-finite as 0), and the fingerprint of a text.
 * A search domain over a layer space uses it in place of the activation analyzer.
 */
export const layerAnalyzer = {
  fingerprint: layerFingerprint,
  featurize(e: Expr): Float64Array {
    const probe = layerProbeTensor();
    const channels = LAYER_PROBE_SHAPE[1];
    const params = Object.fromEntries(paramsOf(e).map((p) => [p.name, layerParamProbe(p.name, p.init, channels)]));
    const { y } = evaluateLayer(e, probe, { precision: 'f32', params });
    const out = new Float64Array(Math.ceil(y.length / FEATURE_STRIDE));
    for (let i = 0; i < out.length; i++) {
      const v = y[i * FEATURE_STRIDE] as number;
      out[i] = Number.isFinite(v) ? Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, v)) : 0;
    }
    return out;
  },
  fingerprintOfText(text: string): string | undefined {
    try {
      return layerFingerprint(parse(text, { layer: true }));
    } catch {
      return undefined;
    }
  },
};
