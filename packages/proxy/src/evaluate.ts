/**
 * The package's entry points for one evaluation. They select the backend (once per process), look up
 * the task and train. Bad input (unparsable text, unknown task or op) throws a typed ActsearchError;
 * every failure of the candidate itself is a rejection in the result, never an exception.
 */
import { parse, print, resolveLayer, validateLayer, type Expr } from '@actsearch/expr';
import type { ActivationFn } from './activation/activation.ts';
import { compileActivation } from './activation/compile-activation.ts';
import { compileLayer } from './layer/compile-layer.ts';
import { parseBackendName, selectBackend, type BackendName } from './backend.ts';
import { option, type RejectionOptions } from './rejection/options.ts';
import type { PrescreenOptions } from './rejection/prescreen.ts';
import { prescreenExpr } from './rejection/prescreen-expr.ts';
import type { EvaluationResult } from './result.ts';
import type { Fidelity, TaskDefinition } from './tasks/task.ts';
import { prepareRun, runStability, trainRun, type Progress } from './train/train-run.ts';
import type { StabilityOptions } from './rejection/options.ts';
import type { StabilityReport } from './rejection/stability.ts';

interface CommonInput {
  /** The task's definition (task files are read by @actsearch/tasks; this package does no lookup). */
  readonly task: TaskDefinition;
  readonly fidelity: Fidelity;
  readonly seed: number;
  readonly rejection?: RejectionOptions;
  readonly onProgress?: (p: Progress) => void;
  /** Backend to force (`auto`/undefined: the best available; see selectBackend). */
  readonly backend?: BackendName | string;
  /** Overrides the fidelity's number of steps (tests and benchmarks). */
  readonly steps?: number;
}

export interface EvaluateActivationInput extends CommonInput {
  readonly activation: ActivationFn;
}

export interface EvaluateCandidateInput extends CommonInput {
  /** The activation as an AST or as text (parsed with expr's `parse`). */
  readonly expr: Expr | string;
}

/** Trains a ready-made activation (pre-screen does not apply: it needs an expression). */
export async function evaluateActivation(input: EvaluateActivationInput): Promise<EvaluationResult> {
  const task = input.task;
  const backend = await selectBackend(parseBackendName(input.backend));
  return trainRun({ ...input, task, backend });
}

/** Pre-screens, compiles and trains one candidate expression. */
export async function evaluateCandidate(input: EvaluateCandidateInput): Promise<EvaluationResult> {
  const started = performance.now();
  const e = typeof input.expr === 'string' ? parse(input.expr) : input.expr;
  const task = input.task;
  const backend = await selectBackend(parseBackendName(input.backend));
  const pre = option<PrescreenOptions>(input.rejection?.prescreen);
  const failed = pre ? prescreenExpr(e, pre) : null;
  if (failed) {
    return {
      status: 'rejected',
      activation: print(e),
      taskId: task.id,
      taskVersion: task.version,
      fidelity: input.fidelity,
      seed: input.seed,
      backend: backend.name,
      metricName: task.metric,
      validationMetric: null,
      validationLoss: null,
      testMetric: null,
      testLoss: null,
      curve: [],
      stepsPlanned: input.steps ?? task.fidelities[input.fidelity].steps,
      stepsDone: 0,
      stepsPerSecond: null,
      wallTimeMs: performance.now() - started,
      trainTimeMs: 0,
      rejection: {
        test: 'prescreen',
        check: failed.check,
        step: null,
        reason: failed.reason,
        value: failed.value,
        threshold: failed.threshold,
      },
      qualityMetric: null,
      maxGradNorm: null,
      learnedParams: {},
      network: '',
      parameterCount: 0,
    };
  }
  const activation = compileActivation(e);
  try {
    const result = await trainRun({ ...input, activation, task, backend });
    return { ...result, wallTimeMs: performance.now() - started };
  } finally {
    activation.dispose();
  }
}

export interface EvaluateLayerInput extends CommonInput {
  /** A known layer's name (`evonorm_b0`, …), a layer expression's text, or its AST. */
  readonly layer: Expr | string;
}

/**
 * Compiles and trains one normalization-activation layer in the activation's place (EvoNorm). The
 * pre-screen does not apply (it samples an element-wise function on a grid); the stability, divergence
 * and quality tests do, as for activations.
 */
export async function evaluateLayerCandidate(input: EvaluateLayerInput): Promise<EvaluationResult> {
  const started = performance.now();
  const e = typeof input.layer === 'string' ? resolveLayer(input.layer) : input.layer;
  validateLayer(e);
  const backend = await selectBackend(parseBackendName(input.backend));
  const layer = compileLayer(e);
  try {
    const result = await trainRun({ ...input, activation: layer, task: input.task, backend });
    return { ...result, wallTimeMs: performance.now() - started };
  } finally {
    layer.dispose();
  }
}

export interface StabilityCheckInput {
  readonly expr: Expr | string;
  /** The task's definition (from @actsearch/tasks). */
  readonly task: TaskDefinition;
  readonly seed: number;
  readonly stability?: StabilityOptions;
  readonly backend?: BackendName | string;
}

export interface StabilityCheck {
  readonly passed: boolean;
  /** Largest gradient norm the ascent reached (null when not finite). */
  readonly maxGradNorm: number | null;
  readonly reason: string | null;
  readonly report: StabilityReport;
}

/**
 * The stability test alone, exactly as `evaluateCandidate` runs it before training (same network and
 * batch for the seed): for calibrating it against known-good activations without training them.
 * It does not depend on the fidelity, which changes only the training after it.
 */
export async function checkStability(input: StabilityCheckInput): Promise<StabilityCheck> {
  const e = typeof input.expr === 'string' ? parse(input.expr) : input.expr;
  const task = input.task;
  await selectBackend(parseBackendName(input.backend));
  const activation = compileActivation(e);
  const run = prepareRun(task, input.seed, activation);
  try {
    const verdict = runStability(run, input.stability ?? {});
    return {
      passed: verdict.rejection === null,
      maxGradNorm: verdict.maxGradNorm,
      reason: verdict.rejection?.reason ?? null,
      report: verdict.report,
    };
  } finally {
    run.net.dispose();
    activation.dispose();
  }
}
