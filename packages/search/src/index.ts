export * from './types.ts';
export { parseTrialResult, trialResultSchema } from './trial-result.ts';
export { SearchDomain, genomeKey } from './search-domain.ts';
export type { Analyzer, DomainOptions, FeatureGroup, SpaceView, UniqueMember } from './search-domain.ts';
export { searchDomain, spaceView } from './space-view.ts';
export { exprAnalyzer, exprFeatures } from './expr-analyzer.ts';
export { dominates, paretoFront } from './pareto.ts';
export { DEFAULT_BASELINES } from './strategies/surrogate.ts';
export type { ExhaustiveStrategy, ExhaustiveConfig } from './strategies/exhaustive.ts';
export type { RandomStrategy, RandomConfig } from './strategies/random.ts';
export type { EvolutionStrategy, EvolutionConfig } from './strategies/evolution.ts';
export type { ControllerStrategy, ControllerConfig } from './strategies/controller.ts';
export type { SurrogateStrategy, SurrogateConfig } from './strategies/surrogate.ts';
export type { HalvingStrategy, HalvingConfig } from './strategies/halving.ts';
export { STRATEGY_NAMES, createStrategy, restoreStrategy, strategyConfigSchemas, validateStrategyConfig } from './registry.ts';
export type { StrategyConfig, StrategyName } from './registry.ts';
export {
  BENCHMARK_FORMAT,
  BENCHMARK_VERSION,
  BenchmarkTable,
  benchmarkHeaderSchema,
  benchmarkRowSchema,
  formatBenchmarkTable,
  medianOfSeeds,
  parseBenchmarkTable,
} from './benchmark-table.ts';
export type { BenchmarkHeader, BenchmarkRow, FidelityResult, SeedResult } from './benchmark-table.ts';
export { restrictView } from './restricted-view.ts';
export { evaluationsToReach, regretAfter, replay } from './replay.ts';
export type { ReplayTrace } from './replay.ts';
