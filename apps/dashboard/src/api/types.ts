/**
 * The shapes the API answers with (apps/api/src/schemas and handlers). Written out here because the
 * dashboard is a browser bundle and may not import the server's zod schemas; the e2e test checks the
 * two agree by driving the real daemon.
 */

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly fields?: readonly FieldProblem[]; readonly column?: number };
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export const CAMPAIGN_STATUSES = ['queued', 'running', 'paused', 'done', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const FIDELITIES = ['screen', 'standard', 'full'] as const;
export type Fidelity = (typeof FIDELITIES)[number];

export interface Progress {
  readonly budget: number;
  readonly completed: number;
  readonly proposed: number;
  readonly evaluated: number;
  readonly reused: number;
  readonly rejected: number;
  readonly prescreenRejected: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly fraction: number;
}

/** Which ends of a 95 % interval were cut at the metric's range. */
export type Clipping = 'none' | 'low' | 'high' | 'both';

export interface CampaignBest {
  readonly fingerprint: string;
  readonly canonical: string;
  /** The familiar text (`x * sigmoid(x)`). */
  readonly expression: string;
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
  readonly mean: number;
  readonly n: number;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly clipped: Clipping;
  /** Δ reference: paired mean difference over common seeds. */
  readonly deltaVsReference: number | null;
  readonly deltaSeeds: number;
}

export interface AnswerTask {
  readonly task: string;
  readonly kind: 'search' | 'transfer';
  readonly fidelity: string;
  readonly rank: number | null;
  readonly n: number;
  readonly mean: number | null;
  readonly meanDiff: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly clipped: Clipping;
  readonly p: number | null;
  readonly pAdjusted: number | null;
  readonly beats: boolean;
  readonly missing: string | null;
}

/** The campaign's answer (engine: finale/answer.ts). */
export interface CampaignAnswer {
  readonly fingerprint: string | null;
  readonly expression: string | null;
  readonly canonical: string | null;
  readonly heldUp: boolean;
  readonly provisional: boolean;
  readonly basis: 'finale' | 'search' | 'none';
  readonly reason: string;
  readonly reference: { readonly fingerprint: string; readonly expression: string };
  readonly alpha: number;
  readonly tasks: readonly AnswerTask[];
}

export interface FinaleOutlook {
  readonly started: boolean;
  readonly total: number;
  readonly stored: number;
  readonly fraction: number;
  readonly estimate: {
    readonly evaluations: number;
    readonly trainingSeconds: number | null;
    readonly wallSeconds: number | null;
    readonly parallelism: number;
    readonly perTask: readonly {
      readonly task: string;
      readonly fidelity: string;
      readonly evaluations: number;
      readonly seconds: number | null;
      readonly basis: string;
    }[];
  } | null;
  readonly eta: { readonly seconds: number; readonly at: string } | null;
}

export interface ReferenceOutlook {
  readonly activations: readonly { readonly fingerprint: string; readonly text: string; readonly expression: string }[];
  readonly search: boolean;
  readonly total: number;
  readonly stored: number;
}

export interface CampaignSummary {
  readonly id: string;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly statusReason: string | null;
  readonly spaceId: string;
  readonly strategy: string;
  readonly owner: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly phase: 'search' | 'finale' | 'finished';
  readonly progress: Progress;
  readonly eta: { readonly seconds: number; readonly at: string } | null;
  readonly answer: CampaignAnswer | null;
  readonly finale: FinaleOutlook | null;
  readonly reference: ReferenceOutlook;
}

export interface Campaign extends CampaignSummary {
  readonly spaceHash: string;
  readonly seed: number;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly best: CampaignBest | null;
}

export type CandidateState = 'proposed' | 'prescreen_rejected' | 'queued' | 'evaluated' | 'rejected' | 'failed' | 'reused';

export interface Candidate {
  readonly id: string;
  readonly order: number;
  readonly proposalId?: string;
  readonly fingerprint: string;
  readonly expression: string;
  readonly canonical: string | null;
  readonly state: CandidateState;
  readonly reason: string | null;
  readonly fidelity: string;
  readonly score: number | null;
  readonly seeds: number;
  readonly lineage: { readonly source: string | null; readonly generation: number | null; readonly parents: readonly string[] };
  readonly createdAt: string;
}

export interface Stats {
  readonly n: number;
  readonly mean: number;
  readonly std: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly clipped: Clipping;
}

export interface LeaderboardRow extends Stats {
  readonly rank: number;
  readonly fingerprint: string;
  readonly canonical: string;
  readonly expression: string;
  readonly deltaVsRelu: number | null;
  /** Seeds Δ ReLU is over (paired). */
  readonly deltaSeeds: number;
}

export interface Leaderboard {
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
  readonly metric: string;
  readonly baseline: { readonly fingerprint: string; readonly canonical: string; readonly stats: Stats | null };
  readonly items: readonly LeaderboardRow[];
  readonly nextCursor: string | null;
}

export interface Evaluation {
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
  readonly seed: number;
  readonly status: string;
  readonly metric: number | null;
  readonly valLoss: number | null;
  readonly testMetric: number | null;
  readonly rejection: { readonly test: string | null; readonly step: number | null; readonly reason: string | null } | null;
  readonly backend: string | null;
  readonly durationMs: number | null;
  readonly updatedAt: string;
}

export interface PlotPoints {
  readonly x: readonly number[];
  readonly f: readonly (number | null)[];
  readonly df: readonly (number | null)[];
}

export interface Activation {
  readonly fingerprint: string;
  readonly canonical: string;
  readonly aliases: readonly string[];
  readonly latex: string | null;
  readonly features: Readonly<Record<string, unknown>>;
  readonly evaluations: readonly Evaluation[];
  readonly plot: PlotPoints;
}

export interface SpaceSummary {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly description: string | null;
  /** Exact; a decimal string beyond 2^53. */
  readonly members: number | string;
  readonly shapes: number;
}

export interface TaskInfo {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly metric: string;
  readonly chance: number | null;
  readonly default: boolean;
  readonly fidelities: Readonly<Record<string, { readonly steps: number; readonly batchSize: number }>>;
}

/** The body of `POST /api/campaigns` that the form sends (the engine fills in the rest). */
export interface CampaignRequest {
  readonly name: string;
  readonly space: string;
  readonly strategy: string;
  readonly tasks: readonly string[];
  readonly fidelity: string;
  readonly budget: { readonly candidates: number };
  /** Omitted: the server's default finale (full fidelity, 3 seeds, top 10 plus baselines). */
  readonly finale?: { readonly enabled?: boolean; readonly fidelity?: string };
}

/** `GET /api/campaigns/:id/report`, the parts the campaign page shows. */
export interface CampaignReportBody {
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
