import { ValidationError } from '@actsearch/core';
import type { EvaluationJob, FailureInfo } from '@actsearch/queue';
import type { JsonValue } from '@actsearch/store';
import type { EvaluationIdentity } from '@actsearch/core';
import type { EngineContext } from './context.ts';
import { evaluationOutcomeSchema, type EvaluationPayload } from './evaluation.ts';
import { errorFields } from './logger.ts';
import { settleWaitingOn } from './settle.ts';

/** Long stacks stay in the logs; the row keeps the message (room for a command trial's reason and the last 2 KiB of its stderr). */
const MAX_ERROR_LENGTH = 2_600;

/**
 * Persists one evaluation's result and settles whoever waits on it. Idempotent: the Evaluation is an
 * upsert on its key and candidates move by compare-and-set, so a job that reports twice (retried
 * after a crash between this and its completion) changes nothing the second time.
 */
export async function onEvaluated(ctx: EngineContext, job: EvaluationJob<EvaluationPayload>, result: unknown): Promise<void> {
  const parsed = evaluationOutcomeSchema.safeParse(result);
  if (!parsed.success) {
    throw new ValidationError(
      `evaluator returned an invalid result for ${job.key}`,
      parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    );
  }
  const outcome = parsed.data;
  const { payload } = job;
  await ctx.store.evaluations.upsert({
    ...identityOf(payload),
    status: outcome.status,
    metric: outcome.metric,
    valLoss: outcome.valLoss ?? null,
    testMetric: outcome.testMetric ?? null,
    curve: (outcome.curve ?? null) as JsonValue,
    rejectionTest: outcome.rejection?.test ?? null,
    rejectionStep: outcome.rejection?.step ?? null,
    rejectionReason: outcome.rejection?.reason ?? null,
    backend: outcome.backend,
    durationMs: Math.round(outcome.durationMs),
    worker: ctx.workerId,
    attempts: job.attempt,
    expression: payload.expression,
  });
  ctx.onEvaluation?.({ kind: 'stored', key: job.key, status: outcome.status, durationMs: outcome.durationMs, backend: outcome.backend });
  await settleWaitingOn(ctx, job.key);
  await driveFinalesOf(ctx, job);
}

/**
 * A failed attempt. Only the final one is recorded (as a `failed` Evaluation with the error, so the
 * same function is not retried by every later campaign either) and fails its candidates; earlier
 * ones are retried by the dispatcher with backoff.
 */
export async function onFailed(ctx: EngineContext, job: EvaluationJob<EvaluationPayload>, error: Error, info: FailureInfo): Promise<void> {
  const message = `${error.name}: ${error.message}`.slice(0, MAX_ERROR_LENGTH);
  ctx.onEvaluation?.({ kind: 'failed', key: job.key, final: info.final, error: message });
  if (!info.final) {
    ctx.log.warn(
      { key: job.key, attempt: job.attempt, maxAttempts: job.maxAttempts, ...errorFields(error) },
      'evaluation attempt failed; it will be retried',
    );
    return;
  }
  ctx.log.error({ key: job.key, attempt: job.attempt, ...errorFields(error) }, 'evaluation failed for good');
  const { payload } = job;
  await ctx.store.evaluations.upsert({
    ...identityOf(payload),
    status: 'failed',
    worker: ctx.workerId,
    attempts: job.attempt,
    error: message,
    expression: payload.expression,
  });
  await settleWaitingOn(ctx, job.key);
  await driveFinalesOf(ctx, job);
}

/** The identity the payload's key was made from (a payload carries more: the text, the rejection settings). */
function identityOf(payload: EvaluationPayload): EvaluationIdentity {
  const { fingerprint, task, taskVersion, fidelity, seed } = payload;
  return { fingerprint, task, taskVersion, fidelity, seed };
}

/** A finale's or a reference's evaluation has no candidate to settle; its campaigns are driven directly. */
async function driveFinalesOf(ctx: EngineContext, job: EvaluationJob<EvaluationPayload>): Promise<void> {
  if (job.payload.finale !== true && job.payload.reference !== true) return;
  for (const campaignId of job.campaignIds ?? []) await ctx.dispatcher.scheduleDrive(campaignId, { delayMs: ctx.resultDriveDelayMs });
}
