/**
 * The evaluation of one activation on one task: build the network from the seed, run the stability
 * test, train with the divergence and quality tests, score. Never throws for a bad activation: every
 * failure becomes a rejection in the result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@actsearch/expr';
import type { ActivationFn } from '../activation/activation.ts';
import type { CompiledLayer } from '../layer/compile-layer.ts';
import type { BackendInfo } from '../backend.ts';
import { fillBatch, inputSize, makeBatchBuffers, type Dataset } from '../data/dataset.ts';
import { loadDataset } from '../data/registry.ts';
import { buildNetwork } from '../model/architecture.ts';
import type { LossFn, Network } from '../model/network.ts';
import { option, type QualityOptions, type RejectionOptions, type StabilityOptions } from '../rejection/options.ts';
import { DEFAULT_STABILITY, worstCaseGradientNorm, type StabilityReport } from '../rejection/stability.ts';
import { finiteOrNull, type CurvePoint, type EvaluationResult, type Rejection } from '../result.ts';
import type { Fidelity, TaskDefinition } from '../tasks/task.ts';
import { Adam } from './adam.ts';
import { HostAdam } from './host-adam.ts';
import { BatchSampler } from './batch-sampler.ts';
import { evaluateSplit } from './evaluate-split.ts';
import { meanSquaredError, softmaxCrossEntropy } from './loss.ts';

export interface Progress {
  readonly phase: 'stability' | 'train' | 'score';
  readonly step: number;
  readonly steps: number;
  /** Latest training loss (null before the first step or if not finite). */
  readonly loss: number | null;
}

export interface TrainRunInput {
  /** The candidate: an activation, or a normalization-activation layer in its place. */
  readonly activation: ActivationFn | CompiledLayer;
  readonly task: TaskDefinition;
  readonly fidelity: Fidelity;
  readonly seed: number;
  readonly backend: BackendInfo;
  readonly rejection?: RejectionOptions;
  readonly onProgress?: (p: Progress) => void;
  /** Overrides the fidelity's step count (tests use tiny runs). */
  readonly steps?: number;
}

function lossFor(ds: Dataset): LossFn {
  return ds.kind === 'classification' ? softmaxCrossEntropy : meanSquaredError;
}

function learnedParams(net: Network, act: ActivationFn | CompiledLayer): Record<string, number[]> {
  return Object.fromEntries(
    act.paramNames.map((name, i) => [
      name,
      net.activationLayers.map((l) => tf.tidy(() => tf.mean(l.params[i] as tf.Tensor).dataSync()[0] as number)),
    ]),
  );
}

/** What one run is made of, all from its seed: the network, and the batch and stability streams. */
export interface PreparedRun {
  readonly ds: Dataset;
  readonly lossFn: LossFn;
  readonly net: Network;
  readonly batchRng: Rng;
  readonly stabilityRng: Rng;
}

export function prepareRun(task: TaskDefinition, seed: number, activation: ActivationFn | CompiledLayer): PreparedRun {
  const ds = loadDataset(task.dataset);
  const rng = new Rng(seed);
  const inputShape = task.architecture.kind === 'cnn' ? ds.inputShape : [inputSize(ds)];
  const net = buildNetwork(task.architecture, { inputShape, outputs: ds.outputSize, activation, paramMode: task.paramMode, rng });
  // Batch order and the stability batch come from their own streams, so adding a test never changes the batches.
  const batchRng = new Rng(rng.nextUint32());
  const stabilityRng = new Rng(rng.nextUint32());
  return { ds, lossFn: lossFor(ds), net, batchRng, stabilityRng };
}

/** The stability test on a prepared run's initial network: its largest gradient norm and, when it fails, the rejection. */
export function runStability(
  run: Pick<PreparedRun, 'ds' | 'lossFn' | 'net' | 'stabilityRng'>,
  options: StabilityOptions,
): { maxGradNorm: number | null; rejection: Rejection | null; report: StabilityReport } {
  const { ds, lossFn, net, stabilityRng } = run;
  const s = { ...DEFAULT_STABILITY, ...options };
  const idx = Array.from({ length: s.batchSize }, () => stabilityRng.int(ds.train.n));
  const buf = makeBatchBuffers(ds, s.batchSize);
  fillBatch(ds, ds.train, idx, 0, s.batchSize, buf);
  const x = tf.tensor2d(buf.x, [s.batchSize, inputSize(ds)]);
  const y = tf.tensor2d(buf.y, [s.batchSize, ds.outputSize]);
  try {
    const report = worstCaseGradientNorm(net, x, y, lossFn, s);
    const rejection: Rejection | null =
      report.failedAt === null
        ? null
        : {
            test: 'stability',
            check: 'stability',
            step: 0,
            reason: `worst-case gradient norm: ${report.reason} after ${report.failedAt} ascent steps`,
            value: finiteOrNull(report.maxNorm),
            threshold: s.threshold,
          };
    return { maxGradNorm: finiteOrNull(report.maxNorm), rejection, report };
  } finally {
    x.dispose();
    y.dispose();
  }
}

export async function trainRun(input: TrainRunInput): Promise<EvaluationResult> {
  const started = performance.now();
  const { task, fidelity, seed, activation } = input;
  const spec = task.fidelities[fidelity];
  const steps = input.steps ?? spec.steps;
  const { ds, lossFn, net, batchRng, stabilityRng } = prepareRun(task, seed, activation);
  const d = inputSize(ds);
  const k = ds.outputSize;

  let rejection: Rejection | null = null;
  let maxGradNorm: number | null = null;
  let qualityMetric: number | null = null;
  const curve: CurvePoint[] = [];
  let stepsDone = 0;
  let trainTimeMs = 0;
  let validation = { metric: NaN, loss: NaN };
  let test = { metric: NaN, loss: NaN };
  const opts = input.rejection ?? {};
  let opt: Adam | HostAdam | undefined;

  try {
    const stability = option<StabilityOptions>(opts.stability);
    if (stability) {
      input.onProgress?.({ phase: 'stability', step: 0, steps, loss: null });
      const verdict = runStability({ ds, lossFn, net, stabilityRng }, stability);
      maxGradNorm = verdict.maxGradNorm;
      rejection = verdict.rejection;
    }

    if (!rejection) {
      const quality = option<QualityOptions>(opts.quality);
      // A run shorter than the check step (a steps override) is not judged against a floor set for that step.
      const qualityStep = quality ? (quality.step ?? task.quality.step) : -1;
      const qualityFloor = quality?.floor ?? task.quality.floor;
      const stopOnDivergence = opts.divergence !== false;
      // WASM and pure JS keep tensors in process memory: Adam in typed-array loops beats 12 TF.js ops
      // per parameter tensor there (bench:proxy). Native backends keep the optimizer on the device.
      const adamOptions = { learningRate: task.learningRate * (spec.learningRateScale ?? 1) };
      opt =
        input.backend.name === 'wasm' || input.backend.name === 'cpu'
          ? new HostAdam(net.params, adamOptions)
          : new Adam(net.params, adamOptions);
      const lrScale = (step: number) => (task.schedule === 'cosine' ? 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / steps)) : 1);
      const sampler = new BatchSampler(ds.train.n, spec.batchSize, batchRng);
      const buf = makeBatchBuffers(ds, spec.batchSize);
      const B = spec.batchSize;
      let blockSum = 0;
      let blockCount = 0;
      const t0 = performance.now();
      for (let step = 1; step <= steps; step++) {
        const { order, start } = sampler.next();
        fillBatch(ds, ds.train, order, start, B, buf);
        const lossT = tf.tidy(() => {
          const r = net.lossAndGrads(tf.tensor2d(buf.x, [B, d]), tf.tensor2d(buf.y, [B, k]), lossFn);
          (opt as Adam | HostAdam).step(r.grads, lrScale(step));
          return r.loss;
        });
        const loss = lossT.dataSync()[0] as number;
        lossT.dispose();
        stepsDone = step;
        blockSum += loss;
        blockCount++;
        if (step % spec.curveEvery === 0 || step === steps) {
          curve.push({ step, loss: finiteOrNull(blockSum / blockCount) });
          blockSum = 0;
          blockCount = 0;
        }
        if (!Number.isFinite(loss) && stopOnDivergence) {
          if (blockCount > 0) curve.push({ step, loss: null });
          rejection = {
            test: 'divergence',
            check: 'divergence',
            step,
            reason: `training loss became ${loss} at step ${step}`,
            value: null,
            threshold: null,
          };
          break;
        }
        if (step === qualityStep) {
          const split = task.quality.split === 'train' ? ds.train : ds.validation;
          const q = evaluateSplit(net, ds, split, task.quality.limit);
          qualityMetric = finiteOrNull(q.metric);
          if (!(q.metric >= qualityFloor)) {
            rejection = {
              test: 'quality',
              check: 'quality',
              step,
              reason: `${task.metric} ${Number.isFinite(q.metric) ? q.metric.toFixed(4) : q.metric} on ${task.quality.split} after ${step} steps is below the floor ${qualityFloor}`,
              value: qualityMetric,
              threshold: qualityFloor,
            };
            break;
          }
        }
        if (input.onProgress && (step % spec.curveEvery === 0 || step === steps)) {
          input.onProgress({ phase: 'train', step, steps, loss: finiteOrNull(loss) });
        }
      }
      trainTimeMs = performance.now() - t0;
      if (!rejection) {
        input.onProgress?.({ phase: 'score', step: stepsDone, steps, loss: null });
        validation = evaluateSplit(net, ds, ds.validation);
        if (spec.test) test = evaluateSplit(net, ds, ds.test);
      }
    }
    const params = learnedParams(net, activation);
    return {
      status: rejection ? 'rejected' : 'ok',
      activation: activation.text,
      taskId: task.id,
      taskVersion: task.version,
      fidelity,
      seed,
      backend: input.backend.name,
      metricName: task.metric,
      validationMetric: finiteOrNull(validation.metric),
      validationLoss: finiteOrNull(validation.loss),
      testMetric: finiteOrNull(test.metric),
      testLoss: finiteOrNull(test.loss),
      curve,
      stepsPlanned: steps,
      stepsDone,
      stepsPerSecond: stepsDone > 0 && trainTimeMs > 0 ? (stepsDone * 1000) / trainTimeMs : null,
      wallTimeMs: performance.now() - started,
      trainTimeMs,
      rejection,
      qualityMetric,
      maxGradNorm,
      learnedParams: params,
      network: net.description,
      parameterCount: net.parameterCount,
    };
  } finally {
    opt?.dispose();
    net.dispose();
  }
}
