import { z } from 'zod';
import type { Expr } from '@actsearch/expr';
import type { CampaignFidelity, PrescreenSettings, RejectionSettings } from './campaign-spec.ts';

/**
 * What an evaluator module's `evaluate(payload)` receives in its child process: one training of one
 * function on one task at one fidelity with one seed. Plain JSON, so it crosses Redis and IPC as is.
 */
export interface EvaluationPayload {
  /** `evaluationKey(…)` of the fields below: the identity of the work. */
  readonly key: string;
  readonly fingerprint: string;
  /** The canonical text of the function (parses back to the same fingerprint, as its kind parses). */
  readonly expression: string;
  /**
   * `layer`: the expression is a normalization-activation layer (docs/layers.md), trained in place of
   * the network's normalization + activation; absent: an activation, so jobs queued before layers
   * existed read as they were meant.
   */
  readonly kind?: 'layer';
  readonly task: string;
  /**
   * The task version the campaign pinned (0: a task outside the registry). An evaluator whose task is
   * at another version must refuse the job rather than score it under the wrong training.
   */
  readonly taskVersion: number;
  readonly fidelity: CampaignFidelity;
  readonly seed: number;
  readonly rejection: RejectionSettings;
  /** Set for a campaign finale's evaluations: their result drives the campaigns in `campaignIds`. */
  readonly finale?: boolean;
  /** Set for a reference evaluation at the search's fidelity (not a candidate): its result drives the campaigns in `campaignIds`. */
  readonly reference?: boolean;
}

const finiteOrNull = z.number().finite().nullable();

/**
 * What an evaluator module returns. `done` carries the task's score (higher is better); `rejected`
 * says which rejection test turned the function down during training. A failure is a throw (with
 * `permanent: true` when retrying cannot help), never a result.
 */
export const evaluationOutcomeSchema = z
  .object({
    status: z.enum(['done', 'rejected']),
    metric: finiteOrNull,
    valLoss: finiteOrNull.optional(),
    testMetric: finiteOrNull.optional(),
    curve: z.unknown().optional(),
    rejection: z
      .object({ test: z.string().min(1), reason: z.string(), step: z.number().int().min(0).nullable().optional() })
      .nullable()
      .optional(),
    backend: z.string().min(1),
    durationMs: z.number().min(0),
  })
  .refine((o) => o.status !== 'done' || o.metric !== null, { message: 'a done evaluation needs its metric', path: ['metric'] })
  .refine((o) => o.status !== 'rejected' || (o.rejection ?? null) !== null, {
    message: 'a rejection needs its test and reason',
    path: ['rejection'],
  });

export type EvaluationOutcome = z.input<typeof evaluationOutcomeSchema>;

/** The function an evaluator module exports as `evaluate`. */
export type Evaluator = (payload: EvaluationPayload) => Promise<EvaluationOutcome>;

/** What the pre-screen says about a function it turns down. */
export interface PrescreenVerdict {
  /** The failed check (`non_finite`, `constant`, `linear`, `exploding`, …). */
  readonly check: string;
  readonly reason: string;
}

/**
 * A cheap, TF-free test of a function before any training (the proxy's `prescreenExpr` fits). It gets
 * the campaign's prescreen options (`{}` for the defaults) and returns null to let the function train.
 */
export type Prescreen = (expr: Expr, options: PrescreenSettings) => PrescreenVerdict | null;
