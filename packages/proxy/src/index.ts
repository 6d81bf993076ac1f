/**
 * @actsearch/proxy — proxy tasks: train small networks with a candidate activation on TensorFlow.js
 * and score it, with EvoNorm-style rejection. The only face of the package.
 *
 *   const r = await evaluateCandidate({ expr: 'x * sigmoid(beta * x)', task: getTask('mnist-mlp'), fidelity: 'standard', seed: 0 });
 *
 * One evaluation runs on one core (WASM has no threads in Node): run one process per core.
 */
export { BACKEND_NAMES, currentBackend, parseBackendName, selectBackend, type BackendInfo, type BackendName } from './backend.ts';
export { enableAutodiff } from './autodiff.ts';
export { activationFromFunctions, type ActivationFn, type ActivationGrad } from './activation/activation.ts';
export { compileActivation, type CompiledActivation } from './activation/compile-activation.ts';
export { TF_OPS, tfOp, type TfOp } from './activation/tf-ops.ts';
export {
  compileLayer,
  isCompiledLayer,
  type BatchStatistic,
  type CompiledLayer,
  type LayerForward,
  type LayerGeometry,
} from './layer/compile-layer.ts';
export { NormActLayer } from './model/norm-act-layer.ts';
export {
  checkStability,
  evaluateActivation,
  evaluateCandidate,
  evaluateLayerCandidate,
  type EvaluateActivationInput,
  type EvaluateLayerInput,
  type EvaluateCandidateInput,
  type StabilityCheck,
  type StabilityCheckInput,
} from './evaluate.ts';
export { FIDELITIES, type Fidelity, type FidelitySpec, type QualitySpec, type TaskDefinition } from './tasks/task.ts';
export { DATASET_IDS, loadDataset, type DatasetId, type DatasetSource } from './data/registry.ts';
export type { CsvDatasetSpec } from './data/csv.ts';
export type { ArrayFilesDatasetSpec } from './data/array-files.ts';
export { parseNpy } from './data/npy.ts';
export type { Dataset, Split } from './data/dataset.ts';
export { parseIdx } from './data/idx.ts';
export { periodicTarget } from './data/synthetic.ts';
export { buildNetwork, describeArchitecture, type ArchitectureSpec } from './model/architecture.ts';
export type { ParamMode } from './model/activation-layer.ts';
export {
  prescreen,
  DEFAULT_EXPLODING_THRESHOLD,
  type PrescreenFeatures,
  type PrescreenOptions,
  type PrescreenRejection,
} from './rejection/prescreen.ts';
export { prescreenExpr, prescreenFeatures, maxAbsOnGrid } from './rejection/prescreen-expr.ts';
export { DEFAULT_STABILITY, type StabilityReport } from './rejection/stability.ts';
export type { QualityOptions, RejectionOptions, StabilityOptions } from './rejection/options.ts';
export type { CurvePoint, EvaluationResult, Rejection, RejectionTest } from './result.ts';
export type { Progress } from './train/train-run.ts';
// Building blocks for benchmarks and custom training loops.
export { Adam, type AdamOptions } from './train/adam.ts';
export { HostAdam } from './train/host-adam.ts';
export { softmaxCrossEntropy, meanSquaredError } from './train/loss.ts';
export { evaluateSplit, type SplitScore } from './train/evaluate-split.ts';
export { fillBatch, inputSize, makeBatchBuffers, type BatchBuffers } from './data/dataset.ts';
export type { Network, LossFn } from './model/network.ts';
