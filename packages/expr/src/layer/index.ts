export {
  AGGREGATES,
  aggregateNames,
  getAggregate,
  isAggregateName,
  type AggregateAxis,
  type AggregateDef,
  type AggregateStat,
} from './aggregates.ts';
export { LAYER_EPS, LAYER_PARAM_PATTERN, isLayerParamName, layerParamInit } from './layer-params.ts';
export {
  MAX_GROUPS,
  aggregate,
  aggregatesOf,
  groupsOf,
  isLayerExpr,
  layerParams,
  parseLayer,
  printLayer,
  validateLayer,
} from './layer-expr.ts';
export { LAYER_PROBE_SEED, LAYER_PROBE_SHAPE, layerProbeTensor, randomTensor, tensorSize, type LayerTensor } from './layer-tensor.ts';
export { RUNNING_MOMENTUM, runningInit, updateRunning } from './running-stats.ts';
export { evaluateLayer, type LayerEvalOptions, type LayerEvalResult, type LayerMode } from './evaluate-layer.ts';
export { layerFingerprint, layerParamProbe } from './fingerprint-layer.ts';
export { layerAnalyzer } from './layer-analyzer.ts';
export { checkLayer, type LayerCheckVerdict } from './layer-check.ts';
export { LAYER_EXPORT_LANGS, exportLayer, type LayerExportLang, type LayerExportOptions } from '../export/layer.ts';
export { KNOWN_LAYERS, KNOWN_LAYER_GROUPS, getKnownLayer, knownLayerByFingerprint, resolveLayer, type KnownLayer } from './known-layers.ts';
