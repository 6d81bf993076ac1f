import type { AggregateStat } from './aggregates.ts';

/**
 * Running averages of the batch statistics (BatchNorm's convention, PyTorch's numbers): each training
 * step moves them by `momentum` towards the batch's value, running ← (1 − m)·running + m·batch; they
 * start at mean 0 and variance 1. Evaluation mode uses them in place of the batch's statistics. Unlike
 * PyTorch's BatchNorm, the running variance averages the same biased variance that training normalises
 * with, so a layer whose batch never changes converges to exactly its training-mode output.
 */
export const RUNNING_MOMENTUM = 0.1;

export function runningInit(stat: AggregateStat): number {
  return stat === 'mean' ? 0 : 1;
}

/** In place: running ← (1 − m)·running + m·batch, per channel. */
export function updateRunning(running: Float64Array, batch: ArrayLike<number>, momentum = RUNNING_MOMENTUM): void {
  for (let c = 0; c < running.length; c++) running[c] = (1 - momentum) * (running[c] as number) + momentum * (batch[c] as number);
}
