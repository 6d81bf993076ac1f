import type { BenchmarkTable } from './benchmark-table.ts';
import type { Strategy, TrialResult } from './types.ts';

export interface ReplayTrace {
  /**
   * The metric of each evaluation in order; null for rejected rows. An evaluation at another fidelity
   * than the table's ranking one (halving's lower rungs) costs an evaluation but finds nothing: its
   * metric is null and its fingerprint is suffixed `@fidelity`, so it neither reaches a target nor
   * lowers the regret.
   */
  readonly metrics: readonly (number | null)[];
  readonly fingerprints: readonly string[];
  /** Proposals whose function the table does not hold (told as failures, not counted). */
  readonly missing: number;
}

/**
 * Run a strategy against a tabular benchmark: ask one at a time, look the function up, tell the row's
 * metric (or its rejection) back, until `budget` evaluations, the strategy runs dry, or `stopWhen`
 * (asked after every evaluation) says the trace holds all a caller wants to measure.
 */
export function replay(strategy: Strategy, table: BenchmarkTable, budget: number, stopWhen?: (trace: ReplayTrace) => boolean): ReplayTrace {
  const metrics: (number | null)[] = [];
  const fingerprints: string[] = [];
  let missing = 0;
  while (metrics.length < budget) {
    const [p] = strategy.ask(1);
    if (p === undefined) break;
    const row = table.resultAt(p.fingerprint, p.fidelity);
    let result: TrialResult;
    if (row === undefined) {
      missing++;
      result = { kind: 'failed', error: 'not in the benchmark table' };
    } else {
      const ranking = p.fidelity === undefined || p.fidelity === table.header.fidelity;
      metrics.push(ranking ? row.metric : null);
      fingerprints.push(ranking ? p.fingerprint : `${p.fingerprint}@${p.fidelity}`);
      result = row.rejection === null ? { kind: 'score', value: row.metric as number } : { kind: 'rejected', ...row.rejection };
    }
    strategy.tell(p.id, result);
    if (row !== undefined && stopWhen?.({ metrics, fingerprints, missing }) === true) break;
  }
  return { metrics, fingerprints, missing };
}

/** 1-based number of evaluations until one of `targets` was evaluated; undefined if never. */
export function evaluationsToReach(trace: ReplayTrace, targets: ReadonlySet<string>): number | undefined {
  const i = trace.fingerprints.findIndex((fp) => targets.has(fp));
  return i < 0 ? undefined : i + 1;
}

/** The table's best metric minus the best metric found in the first `k` evaluations. */
export function regretAfter(trace: ReplayTrace, table: BenchmarkTable, k: number): number {
  let best = -Infinity;
  for (const m of trace.metrics.slice(0, k)) if (m !== null && m > best) best = m;
  return Number.isFinite(best) ? table.best - best : Infinity;
}
