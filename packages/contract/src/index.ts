/**
 * @actsearch/contract — the wire contract: zod schemas of every body that crosses HTTP (campaign spec
 * in, campaign views, leaderboard rows, activations and their evaluations, spaces, tasks, workers,
 * report, events, errors out) and the types inferred from them. It imports zod, core and expr (pure)
 * and no server code, so the dashboard can import it (types only; its run-time words come from
 * `@actsearch/contract/vocabulary`). The API validates and documents with these schemas (OpenAPI is
 * generated from them), the CLI and the dashboard read their types from here.
 */
import type { z } from 'zod';
import type { activationSchema, evaluationSchema } from './activation.ts';
import type {
  answerSchema,
  answerTaskSchema,
  bestSchema,
  campaignDetailSchema,
  campaignEndEventSchema,
  campaignSummarySchema,
  candidateSchema,
  finaleOutlookSchema,
  progressSchema,
  referenceSchema,
} from './campaign.ts';
import type { clippedSchema, errorSchema, candidateKindSchema, fieldErrorSchema } from './common.ts';
import type { parsedExprSchema } from './expr.ts';
import type { healthSchema, readinessSchema } from './health.ts';
import type { leaderboardSchema, statsSchema } from './leaderboard.ts';
import type { campaignReportSchema } from './report.ts';
import type { spaceDetailSchema, spaceSummarySchema } from './space.ts';
import type { taskSchema } from './task.ts';
import type { workerSchema } from './worker.ts';

export * from './vocabulary.ts';
export { fieldErrors, fieldPath, messageOf, type InputPart } from './field-errors.ts';
export {
  clippedSchema,
  errorSchema,
  candidateKindSchema,
  fieldErrorSchema,
  isoDate,
  layerPartsSchema,
  page,
  plotNoteSchema,
  plotSchema,
} from './common.ts';
export {
  answerSchema,
  answerTaskSchema,
  bestSchema,
  campaignDetailSchema,
  campaignEndEventSchema,
  campaignEventSchema,
  campaignSummarySchema,
  candidateSchema,
  estimateSchema,
  finaleOutlookSchema,
  progressSchema,
  referenceSchema,
} from './campaign.ts';
export { activationSchema, evaluationSchema } from './activation.ts';
export { leaderboardSchema, statsSchema } from './leaderboard.ts';
export { countSchema, spaceDetailSchema, spaceSummarySchema } from './space.ts';
export { taskSchema } from './task.ts';
export { workerSchema } from './worker.ts';
export { healthSchema, readinessSchema } from './health.ts';
export { parsedExprSchema } from './expr.ts';
export { campaignReportSchema, finaleResultSchema, finaleRowSchema, finalistVerdictSchema } from './report.ts';
export { activationText, baselineExpr, baselineFingerprint, parseBaseline } from './spec/activation-text.ts';
export { taskId } from './spec/task-id.ts';
export {
  DEFAULT_FINALE_BASELINES,
  DEFAULT_LAYER_FINALE_BASELINES,
  DEFAULT_TRANSFER_TASK,
  FINALE_DEFAULTS,
  finaleSpecSchema,
} from './spec/finale.ts';
export type { FinaleSpec } from './spec/finale.ts';
export { DEFAULT_LAYER_REFERENCE, DEFAULT_REFERENCE, referenceSpecSchema } from './spec/reference.ts';
export type { ReferenceSpec } from './spec/reference.ts';
export { campaignRequestSchema, campaignSpecSchema, failurePolicySchema, rejectionSettingsSchema } from './spec/campaign-spec.ts';
export type {
  CampaignRequest,
  CampaignSpec,
  CampaignSpecInput,
  FailurePolicy,
  PrescreenSettings,
  RejectionSettings,
} from './spec/campaign-spec.ts';

/**
 * A body as a reader gets it: z.output, read-only all the way down, so values built from the engine's
 * read-only results (answers, outlooks) are assignable and no reader mutates what it was sent.
 */
export type Wire<T> = T extends (infer U)[]
  ? readonly Wire<U>[]
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<T[K]> }
      : T;

// The bodies as TypeScript types, inferred from the schemas (what a client receives).
export type FieldProblem = Wire<z.output<typeof fieldErrorSchema>>;
export type ErrorBody = Wire<z.output<typeof errorSchema>>;
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
export type Progress = Wire<z.output<typeof progressSchema>>;
export type Clipping = Wire<z.output<typeof clippedSchema>>;
export type CampaignBest = Wire<z.output<typeof bestSchema>>;
export type AnswerTask = Wire<z.output<typeof answerTaskSchema>>;
/** Non-null: `answer` is null on a campaign until a candidate has a score. */
export type CampaignAnswer = Wire<NonNullable<z.output<typeof answerSchema>>>;
export type FinaleOutlook = Wire<NonNullable<z.output<typeof finaleOutlookSchema>>>;
export type ReferenceOutlook = Wire<z.output<typeof referenceSchema>>;
export type CampaignSummary = Wire<z.output<typeof campaignSummarySchema>>;
export type Campaign = Wire<z.output<typeof campaignDetailSchema>>;
export type Candidate = Wire<z.output<typeof candidateSchema>>;
export type CampaignEndEvent = Wire<z.output<typeof campaignEndEventSchema>>;
export type Stats = Wire<z.output<typeof statsSchema>>;
export type Leaderboard = Wire<z.output<typeof leaderboardSchema>>;
export type LeaderboardRow = Leaderboard['items'][number];
export type Evaluation = Wire<z.output<typeof evaluationSchema>>;
export type Activation = Wire<z.output<typeof activationSchema>>;
export type PlotPoints = NonNullable<Activation['plot']>;
export type CandidateKind = Wire<z.output<typeof candidateKindSchema>>;
export type ParsedExpr = Wire<z.output<typeof parsedExprSchema>>;
export type SpaceSummary = Wire<z.output<typeof spaceSummarySchema>>;
export type SpaceDetail = Wire<z.output<typeof spaceDetailSchema>>;
export type TaskInfo = Wire<z.output<typeof taskSchema>>;
export type WorkerInfo = Wire<z.output<typeof workerSchema>>;
export type Health = Wire<z.output<typeof healthSchema>>;
export type Readiness = Wire<z.output<typeof readinessSchema>>;
export type CampaignReportBody = Wire<z.output<typeof campaignReportSchema>>;
