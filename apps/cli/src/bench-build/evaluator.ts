/**
 * The evaluator module a benchmark build's child processes load (EvaluatorPool): one proxy training
 * per call, reduced here, in the child, to the few numbers a table row keeps. The worker's evaluator
 * (packages/runtime/src/evaluator.ts) answers the engine's payload and keeps no pre-screen check name, which the table's
 * rejection breakdown needs, hence this small one.
 */
import { ActsearchError } from '@actsearch/core';
import { evaluateCandidate, type EvaluationResult, type Fidelity } from '@actsearch/proxy';
import { getBuiltinTask } from '@actsearch/tasks';

export interface BuildPayload {
  readonly text: string;
  readonly taskId: string;
  readonly fidelity: Fidelity;
  readonly seed: number;
  readonly backend?: string;
}

/** A row's measurement: a metric or a rejection (never both), extra numbers, and the wall time. */
export interface BuildOutcome {
  readonly metric: number | null;
  readonly rejection: { readonly test: string; readonly reason: string } | null;
  readonly metrics: Readonly<Record<string, number | string>>;
  readonly seconds: number;
}

export async function evaluate(payload: BuildPayload): Promise<BuildOutcome> {
  try {
    return toBuildOutcome(
      await evaluateCandidate({
        expr: payload.text,
        task: getBuiltinTask(payload.taskId),
        fidelity: payload.fidelity,
        seed: payload.seed,
        ...(payload.backend === undefined ? {} : { backend: payload.backend }),
      }),
    );
  } catch (error) {
    // Bad input fails identically on every attempt: retrying cannot help.
    if (error instanceof ActsearchError) throw Object.assign(error, { permanent: true });
    throw error;
  }
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function toBuildOutcome(r: EvaluationResult): BuildOutcome {
  // The backend is kept per row so a table resumed on another machine still says what trained what.
  const metrics: Record<string, number | string> = { backend: r.backend };
  const put = (name: string, v: number | null, digits = 6) => {
    if (v !== null && Number.isFinite(v)) metrics[name] = round(v, digits);
  };
  put('val_loss', r.validationLoss);
  put('quality_metric', r.qualityMetric);
  if (r.maxGradNorm !== null) metrics.max_grad_norm = Number(r.maxGradNorm.toPrecision(4));
  put('steps_per_second', r.stepsPerSecond, 1);
  const seconds = round(r.wallTimeMs / 1000, 3);
  if (r.rejection !== null) {
    metrics.rejection_check = r.rejection.check;
    if (r.rejection.step !== null) metrics.rejection_step = r.rejection.step;
    // A metric measured before the rejection is not a score: the table's metric is null exactly then.
    put('val_metric', r.validationMetric);
    return { metric: null, rejection: { test: r.rejection.test, reason: r.rejection.reason }, metrics, seconds };
  }
  if (r.validationMetric === null) {
    return { metric: null, rejection: { test: 'divergence', reason: 'no finite validation metric after training' }, metrics, seconds };
  }
  return { metric: r.validationMetric, rejection: null, metrics, seconds };
}
