/**
 * @actsearch/engine — the campaign lifecycle and the drive loop (docs/architecture.md, "The path of a
 * campaign"), written against the store and dispatcher interfaces so that one engine serves the
 * embedded mode (PGlite + in-process queue) and the distributed one (PostgreSQL + BullMQ).
 */
export { createEngine } from './engine.ts';
export type { SubmitOptions } from './lifecycle.ts';
export { parseCampaignSpec, validateCampaignSpec } from './validate-spec.ts';
export type { SpecCatalogs, SpecLimits } from './validate-spec.ts';
export type { Engine, EngineOptions, EngineStartOptions } from './engine.ts';
export {
  CAMPAIGN_FIDELITIES,
  campaignSpecSchema,
  failurePolicySchema,
  rejectionSettingsSchema,
  storedSpecOf,
  taskVersionOf,
} from './campaign-spec.ts';
export type {
  CampaignFidelity,
  CampaignSpec,
  CampaignSpecInput,
  FailurePolicy,
  PrescreenSettings,
  RejectionSettings,
  StoredCampaignSpec,
} from './campaign-spec.ts';
export { evaluationOutcomeSchema } from './evaluation.ts';
export type { EvaluationOutcome, EvaluationPayload, Evaluator, Prescreen, PrescreenVerdict } from './evaluation.ts';
export type { EngineDispatcher, EvaluationEvent, KnownTask, SpaceLookup } from './context.ts';
export { inFlightOf, spentOf } from './budget.ts';
export { planProposal } from './plan-proposal.ts';
export type { EvaluationTarget, PlannedCandidate } from './plan-proposal.ts';
export type { SweepReport } from './sweeper.ts';
export { errorFields, silentLogger } from './logger.ts';
export type { EngineLogger } from './logger.ts';
export { DEFAULT_FINALE_BASELINES, DEFAULT_TRANSFER_TASK, FINALE_DEFAULTS, finaleSeeds, finaleSpecSchema } from './finale/spec.ts';
export type { FinaleSpec } from './finale/spec.ts';
export { planFinale, rankCandidates, rankCandidatesForRead } from './finale/plan.ts';
export type { FinaleEntry, FinalePlan, FinaleTarget, FinaleTask, RankedCandidate } from './finale/plan.ts';
export { beatsReference, FINALE_ALPHA, finaleResults, meanRank } from './finale/results.ts';
export type {
  FinaleResult,
  FinaleResultOptions,
  FinaleRow,
  FinaleSeedResult,
  FinaleTaskResult,
  ReferenceComparison,
} from './finale/results.ts';
export { paired } from './finale/paired.ts';
export type { PairedComparison, SeedMetric } from './finale/paired.ts';
export { holmAdjust } from './finale/holm.ts';
export { finaleAnswer, pText, signed, taskPhrase } from './finale/answer.ts';
export type { AnswerTask, CampaignAnswer, FinalistVerdict } from './finale/answer.ts';
export { estimateFinale, trainingTime } from './finale/estimate.ts';
export type { FinaleEstimate, TrainingTime } from './finale/estimate.ts';
export { campaignOutlook, phaseOf, rangeLookup } from './report/campaign-outlook.ts';
export type { CampaignOutlook, FinaleOutlook, OutlookOptions, ReferenceOutlook } from './report/campaign-outlook.ts';
export { searchBest } from './report/search-best.ts';
export type { SearchBest } from './report/search-best.ts';
export { DEFAULT_REFERENCE, referenceSpecSchema } from './reference/spec.ts';
export type { ReferenceSpec } from './reference/spec.ts';
export { referenceTargets } from './reference/drive.ts';
export type { ReferenceProgress, ReferenceTarget } from './reference/drive.ts';
export { buildCampaignReport } from './report/campaign-report.ts';
export type { CampaignReport } from './report/campaign-report.ts';
export { renderReportMarkdown } from './report/markdown.ts';
export type { RenderedReport } from './report/markdown.ts';
export { linePlot } from './report/svg-plot.ts';
export type { LinePlotOptions, PlotSeries } from './report/svg-plot.ts';
