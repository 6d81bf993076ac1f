import type { PrescreenOptions } from './prescreen.ts';

export interface QualityOptions {
  /** Overrides the task's check step. */
  readonly step?: number;
  /** Overrides the task's floor. */
  readonly floor?: number;
}

/**
 * EvoNorm's worst-case gradient-norm test. Defaults: 20 ascent steps on 16 training examples, reject
 * above 1e8 (EvoNorm's threshold) or when anything is non-finite.
 */
export interface StabilityOptions {
  readonly steps?: number;
  readonly batchSize?: number;
  readonly threshold?: number;
  /** Each ascent step moves the parameters by this fraction of their norm. */
  readonly stepFraction?: number;
}

/**
 * Which rejection tests run (all by default). `false` switches a test off; an object tunes it.
 * Switching `divergence` off keeps training after a non-finite loss (the result then has null metrics
 * but is not marked rejected) — useful only to study what divergence looks like.
 */
export interface RejectionOptions {
  readonly prescreen?: boolean | PrescreenOptions;
  readonly quality?: boolean | QualityOptions;
  readonly stability?: boolean | StabilityOptions;
  readonly divergence?: boolean;
}

export function option<T extends object>(v: boolean | T | undefined): T | null {
  if (v === false) return null;
  if (v === undefined || v === true) return {} as T;
  return v;
}
