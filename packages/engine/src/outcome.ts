import type { Candidate, Evaluation } from '@actsearch/store';
import type { TrialResult } from '@actsearch/search';

/** What a candidate's evaluations add up to, once each of its keys has a final row. */
export type KeysOutcome =
  | { readonly state: 'evaluated' }
  | { readonly state: 'rejected'; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string };

/**
 * The outcome of a candidate from its evaluations (one per task × seed), or null while some key has
 * no row yet. One rejection rejects the candidate (a function that breaks on one task is not a good
 * activation), one failure fails it; otherwise it is evaluated.
 */
export function outcomeOfKeys(keys: readonly string[], evaluations: ReadonlyMap<string, Evaluation>): KeysOutcome | null {
  const rows: Evaluation[] = [];
  for (const key of keys) {
    const row = evaluations.get(key);
    if (row === undefined) return null;
    rows.push(row);
  }
  const rejected = rows.find((row) => row.status === 'rejected');
  if (rejected !== undefined) return { state: 'rejected', reason: rejectionText(rejected) };
  const failed = rows.find((row) => row.status === 'failed');
  if (failed !== undefined) return { state: 'failed', reason: failed.error ?? 'the evaluation failed' };
  return { state: 'evaluated' };
}

function rejectionText(row: Evaluation): string {
  return `${row.rejectionTest ?? 'rejected'}: ${row.rejectionReason ?? 'no reason given'}`;
}

/**
 * The result the strategy is told for a resolved candidate. A score is the mean over seeds of each
 * task's metric, then the mean over tasks (`values` keeps the per-task means, in the spec's task
 * order, for multi-objective strategies). Scores of different tasks may be on different scales
 * (accuracy, −MSE); the mean is still monotone in each, which is all a ranking needs.
 */
export function trialResultOf(candidate: Candidate, evaluations: ReadonlyMap<string, Evaluation>, tasks: readonly string[]): TrialResult {
  const rows = candidate.evaluationKeys.map((key) => evaluations.get(key)).filter((row): row is Evaluation => row !== undefined);
  switch (candidate.state) {
    case 'prescreen_rejected':
      return { kind: 'rejected', test: 'prescreen', reason: candidate.reason ?? 'pre-screen' };
    case 'failed':
      return { kind: 'failed', error: candidate.reason ?? 'the evaluation failed' };
    case 'rejected': {
      const rejected = rows.find((row) => row.status === 'rejected');
      return { kind: 'rejected', test: rejected?.rejectionTest ?? 'rejected', reason: rejected?.rejectionReason ?? candidate.reason ?? '' };
    }
    case 'evaluated':
    case 'reused': {
      const outcome = outcomeOfKeys(candidate.evaluationKeys, evaluations);
      if (outcome?.state === 'rejected') {
        const rejected = rows.find((row) => row.status === 'rejected');
        return { kind: 'rejected', test: rejected?.rejectionTest ?? 'rejected', reason: rejected?.rejectionReason ?? '' };
      }
      if (outcome === null || outcome.state === 'failed') {
        return { kind: 'failed', error: outcome?.reason ?? 'its evaluations are missing from the store' };
      }
      return scoreOf(rows, tasks);
    }
    case 'proposed':
    case 'queued':
      throw new Error(`candidate ${candidate.id} has no result yet (${candidate.state})`);
  }
}

function scoreOf(rows: readonly Evaluation[], tasks: readonly string[]): TrialResult {
  const perTask: number[] = [];
  for (const task of tasks) {
    const metrics = rows.filter((row) => row.task === task && row.metric !== null).map((row) => row.metric as number);
    if (metrics.length > 0) perTask.push(mean(metrics));
  }
  if (perTask.length === 0) return { kind: 'failed', error: 'no metric was recorded' };
  const value = mean(perTask);
  return perTask.length > 1 ? { kind: 'score', value, values: perTask } : { kind: 'score', value };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
