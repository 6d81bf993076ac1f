export * from './ast.ts';
export * from './rng.ts';
export { parse, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type ParseOptions } from './parse.ts';
export { print, formatNumber } from './print.ts';
export { exprEquals, exprSize, exprDepth, paramsOf, substitute, compareExpr } from './tree.ts';
export { PARAM_NAME_PATTERN, DEFAULT_PARAM_INIT, isParamName } from './params.ts';
export { evaluate, evaluateArray, compileExpr, type CompiledExpr, type Precision, type ParamValues } from './evaluate.ts';
export { PROBE_SEED, PROBE_COUNT, PROBE_CLIP, probePoints } from './probe.ts';
export { fingerprint, quantizeOutput, FINGERPRINT_MANTISSA_BITS } from './fingerprint.ts';
export { getOp, listOps, opNames } from './ops/registry.ts';
export { CODE_LANGS, type CodeLang, type CodeTemplate, type OpDef, type OpFamily } from './ops/types.ts';
export { codeHelpers, helperDependencies, resolveHelpers } from './ops/code-helpers.ts';
export { EPSILON, SELU_ALPHA, SELU_LAMBDA } from './ops/numeric.ts';
export { editDistance, closestName } from './suggest.ts';
export * from './export/index.ts';
export { canonicalize, isAlwaysFinite } from './canonical.ts';
export { derivative } from './derivative.ts';
export { features, type ActivationFeatures } from './features.ts';
export { displayText, familiarActivation, type FamiliarActivation } from './familiar.ts';
export { compareSimplicity, simplestText } from './representative.ts';
export { describeCandidate, type CandidateDescription, type LayerDescription } from './describe.ts';
export { exportCandidate, exportLangsOf } from './export/expression.ts';
export * from './layer/index.ts';
export { describeExpr, type ExprDescription } from './describe.ts';
export {
  CANDIDATE_KINDS,
  candidateIdentity,
  candidateKindOfText,
  parseCandidate,
  printCandidate,
  type CandidateIdentity,
  type CandidateKind,
} from './candidate-kind.ts';
