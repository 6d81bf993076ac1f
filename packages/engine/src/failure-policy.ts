import type { Campaign, CandidateState, Store } from '@actsearch/store';
import { spentOf } from './budget.ts';
import type { FailurePolicy } from './campaign-spec.ts';

const OUTCOME_STATES: CandidateState[] = ['evaluated', 'reused', 'rejected', 'failed'];

/**
 * Why the campaign should fail because its evaluations keep failing, or null. Two rules (both in the
 * spec's `failurePolicy`): more than `maxFraction` of its outcomes failed once there are at least
 * `minOutcomes`; or its last `maxConsecutive` outcomes, in proposal order, all failed. The second
 * needs a query, so it runs only when the drive has just told a failure.
 */
export async function failureVerdict(
  store: Store,
  campaign: Campaign,
  policy: FailurePolicy,
  toldFailure: boolean,
): Promise<string | null> {
  const outcomes = spentOf(campaign);
  if (outcomes >= policy.minOutcomes && campaign.failed / outcomes > policy.maxFraction) {
    return `${campaign.failed} of ${outcomes} evaluated candidates failed (more than ${formatPercent(policy.maxFraction)})`;
  }
  if (!toldFailure || campaign.failed < policy.maxConsecutive) return null;
  const latest = await store.candidates.latestInStates(campaign.id, OUTCOME_STATES, policy.maxConsecutive);
  if (latest.length < policy.maxConsecutive || latest.some((row) => row.state !== 'failed')) return null;
  return `${policy.maxConsecutive} candidates in a row failed; the last: ${latest[0]?.reason ?? 'unknown error'}`;
}

function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10} %`;
}
