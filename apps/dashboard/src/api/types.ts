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
  CampaignRequest,
  CampaignSummary,
  Candidate,
  Clipping,
  ErrorBody,
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
import type { CampaignAnswer, CampaignReportBody as ReportBody, Clipping } from '@actsearch/contract';

/**
 * `GET /api/campaigns/:id/report`, with the finale's tables spelled out: the contract types the
 * report's `finale` as an open record (the engine's CampaignReport is its real shape, and the engine
 * is server code), so the dashboard names here the parts of it the campaign page reads.
 */
export interface CampaignReportBody extends Omit<ReportBody, 'spec' | 'finale' | 'finalists' | 'answer'> {
  readonly spec: { readonly finale?: { readonly enabled?: boolean } };
  readonly answer: CampaignAnswer | null;
  readonly finalists: readonly {
    readonly fingerprint: string;
    readonly expression: string;
    readonly heldUp: boolean;
    readonly verdict: string;
  }[];
  readonly finale: {
    readonly fidelity: string;
    readonly seeds: readonly number[];
    readonly total: number;
    readonly stored: number;
    readonly alpha: number;
    readonly comparisons: number;
    readonly reference: { readonly fingerprint: string; readonly expression: string };
    readonly holdsUp: readonly string[];
    readonly tasks: readonly {
      readonly task: string;
      readonly kind: string;
      readonly rows: readonly {
        readonly fingerprint: string;
        readonly canonical: string;
        readonly expression: string;
        readonly baseline: string | null;
        readonly finalist: boolean;
        readonly rank: number | null;
        readonly stats: {
          readonly mean: number;
          readonly ciLow: number | null;
          readonly ciHigh: number | null;
          readonly clipped: Clipping;
        } | null;
        readonly vsReference: {
          readonly n: number;
          readonly meanDiff: number;
          readonly ciLow: number | null;
          readonly ciHigh: number | null;
          readonly clipped: Clipping;
          readonly p: number | null;
          readonly pAdjusted: number | null;
        } | null;
      }[];
    }[];
  } | null;
}
