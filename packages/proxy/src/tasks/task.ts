import type { DatasetSource } from '../data/registry.ts';
import type { ParamMode } from '../model/activation-layer.ts';
import type { ArchitectureSpec } from '../model/architecture.ts';

export type Fidelity = 'screen' | 'standard' | 'full';
export const FIDELITIES: readonly Fidelity[] = ['screen', 'standard', 'full'];

export interface FidelitySpec {
  readonly steps: number;
  readonly batchSize: number;
  /** The training-loss curve holds the mean loss of each block of this many steps. */
  readonly curveEvery: number;
  /** Whether the test split is scored too (only `full`: the test set is for final reports). */
  readonly test: boolean;
  /**
   * Multiplies the task's peak learning rate at this fidelity (default 1). A short run with a larger
   * rate ranks activations much more like the long run does: on mnist-mlp, standard-vs-full Spearman
   * went from 0.75 (same rate) to 0.93 (standard at 2×), bench:fidelity.
   */
  readonly learningRateScale?: number;
}

/**
 * The quality rejection test: after `step` training steps, the metric on `split` (its first `limit`
 * examples) must reach `floor`. The floor's justification lives with each task.
 */
export interface QualitySpec {
  readonly step: number;
  readonly floor: number;
  readonly split: 'validation' | 'train';
  readonly limit: number;
}

export interface TaskDefinition {
  readonly id: string;
  /** Bumped whenever anything that changes scores changes (data, split, architecture, schedule). */
  readonly version: number;
  readonly title: string;
  readonly dataset: DatasetSource;
  /** Input shape the architecture reads (the dataset's flat vector or its image shape). */
  readonly architecture: ArchitectureSpec;
  readonly paramMode: ParamMode;
  /** Adam's peak learning rate. */
  readonly learningRate: number;
  /**
   * `cosine`: the rate decays from `learningRate` to 0 over the run's steps (so a short run ends as
   * settled as a long one, which keeps short-run rankings close to long-run ones); `constant`: no decay.
   */
  readonly schedule: 'cosine' | 'constant';
  readonly metric: 'accuracy' | 'neg_mse';
  /** The metric of a predictor that ignores its input (accuracy 1/classes, or −variance). */
  readonly chance: number;
  readonly quality: QualitySpec;
  readonly fidelities: Readonly<Record<Fidelity, FidelitySpec>>;
}
