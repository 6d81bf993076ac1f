import type { Candidate, Evaluation } from '@actsearch/store';
import type { EngineContext } from './context.ts';
import { outcomeOfKeys } from './outcome.ts';

/**
 * Moves every candidate in `candidates` whose keys all have a final row to its outcome state
 * (`queued` → evaluated | rejected | failed). The move is a compare-and-set in the store, so two
 * handlers settling the same candidate (a retried job, the sweeper) count it once. Returns the
 * campaigns whose candidates moved.
 */
export async function settleCandidates(ctx: EngineContext, candidates: readonly Candidate[]): Promise<Set<string>> {
  const moved = new Set<string>();
  if (candidates.length === 0) return moved;
  const keys = [...new Set(candidates.flatMap((candidate) => candidate.evaluationKeys))];
  const rows = await ctx.store.evaluations.getMany(keys);
  const byKey = new Map<string, Evaluation>(rows.map((row) => [row.key, row]));
  for (const candidate of candidates) {
    const outcome = outcomeOfKeys(candidate.evaluationKeys, byKey);
    if (outcome === null) continue;
    const reason = outcome.state === 'evaluated' ? null : outcome.reason;
    if (await ctx.store.candidates.transition(candidate.id, outcome.state, { from: ['queued'], reason })) {
      moved.add(candidate.campaignId);
    }
  }
  return moved;
}

/** Settles the candidates of every campaign that wait on `key`, then drives those campaigns. */
export async function settleWaitingOn(ctx: EngineContext, key: string): Promise<void> {
  const waiting = await ctx.store.candidates.findWaitingOn(key);
  const moved = await settleCandidates(ctx, waiting);
  // A short delay lets results that land close together share one drive (a pending drive takes
  // later requests in); each drive has a fixed cost in store round trips.
  for (const campaignId of moved) await ctx.dispatcher.scheduleDrive(campaignId, { delayMs: ctx.resultDriveDelayMs });
}
