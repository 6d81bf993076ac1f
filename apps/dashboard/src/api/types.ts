/**
 * The shapes the API answers with, from the wire contract (packages/contract): types only, so the
 * bundle carries no schema library; the few words used at run time come from its zod-free
 * `vocabulary` entry.
 */
export { CAMPAIGN_FIDELITIES as FIDELITIES, CAMPAIGN_STATUSES } from '@actsearch/contract/vocabulary';
export type { CampaignFidelity as Fidelity, CampaignStatus, CandidateState } from '@actsearch/contract/vocabulary';
export type {
  Activation,
  AnswerTask,
  Campaign,
  CampaignAnswer,
  CampaignBest,
  CampaignReportBody,
  CampaignRequest,
  CampaignSummary,
  Candidate,
  Clipping,
  ErrorBody,
  CandidateKind,
  Evaluation,
  FieldProblem,
  FinaleOutlook,
  Leaderboard,
  LeaderboardRow,
  Page,
  PlotPoints,
  Progress,
  ReferenceOutlook,
  SpaceSummary,
  Stats,
  TaskInfo,
} from '@actsearch/contract';
