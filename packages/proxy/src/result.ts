import type { BackendName } from './backend.ts';
import type { Fidelity } from './tasks/task.ts';

export type RejectionTest = 'prescreen' | 'quality' | 'stability' | 'divergence';

/** Why a candidate was turned down: which test, at which training step (null before training), why. */
export interface Rejection {
  readonly test: RejectionTest;
  /** `prescreen`: the failed check (`non_finite`, `constant`, `linear`, `exploding`, `vanishing_gradient`); else the test name. */
  readonly check: string;
  readonly step: number | null;
  readonly reason: string;
  /** The measured value that failed (accuracy, gradient norm, loss …), null if not finite. */
  readonly value: number | null;
  readonly threshold: number | null;
}

export interface CurvePoint {
  /** The last step of the block. */
  readonly step: number;
  /** Mean training loss over the block (null if not finite). */
  readonly loss: number | null;
}

/**
 * One evaluation of (activation, task, fidelity, seed). Numbers that were not finite are null, so a
 * result survives JSON unchanged.
 */
export interface EvaluationResult {
  readonly status: 'ok' | 'rejected';
  /** The activation as evaluated (printed form). */
  readonly activation: string;
  readonly taskId: string;
  readonly taskVersion: number;
  readonly fidelity: Fidelity;
  readonly seed: number;
  readonly backend: BackendName;
  readonly metricName: 'accuracy' | 'neg_mse';
  /** On the validation split after training; null when rejected before the end or not finite. */
  readonly validationMetric: number | null;
  readonly validationLoss: number | null;
  /** Only at fidelities that score the test split (`full`). */
  readonly testMetric: number | null;
  readonly testLoss: number | null;
  readonly curve: readonly CurvePoint[];
  readonly stepsPlanned: number;
  readonly stepsDone: number;
  readonly stepsPerSecond: number | null;
  /** Whole evaluation, including setup, rejection tests and scoring. */
  readonly wallTimeMs: number;
  readonly trainTimeMs: number;
  readonly rejection: Rejection | null;
  /** The quality test's measurement (metric at its step), when it ran. */
  readonly qualityMetric: number | null;
  /** The stability test's largest gradient norm, when it ran. */
  readonly maxGradNorm: number | null;
  /** Learned values of each trainable parameter after training: one mean per layer. */
  readonly learnedParams: Readonly<Record<string, readonly number[]>>;
  readonly network: string;
  readonly parameterCount: number;
}

export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
