/**
 * The finale's own progress and ETA on the campaign detail: after the search budget is spent, the
 * campaign keeps running while the finale's evaluations are trained.
 */
import { finaleProgress, phaseOf, storedSpecOf } from '@actsearch/engine';
import type { Campaign, Store } from '@actsearch/store';
import { z } from 'zod';

export const finaleViewSchema = z
  .object({
    phase: z.enum(['search', 'finale', 'finished']),
    total: z.number().int().describe('evaluations the finale needs (activations × tasks × seeds)'),
    stored: z.number().int().describe('of them with a result, reused ones included'),
    fraction: z.number(),
    eta: z.object({ seconds: z.number(), at: z.string() }).nullable().describe('from the mean training time so far and the parallelism'),
  })
  .nullable()
  .describe('null while the search runs or when the finale is off');

export type FinaleView = z.output<typeof finaleViewSchema>;

export async function finaleView(store: Store, campaign: Campaign, now: Date): Promise<FinaleView> {
  let spec;
  try {
    spec = storedSpecOf(campaign.spec);
  } catch {
    return null;
  }
  const phase = phaseOf(campaign, spec);
  const searchOver = campaign.evaluated + campaign.reused + campaign.rejected + campaign.failed >= campaign.budget;
  if (!spec.finale.enabled || !searchOver || campaign.status === 'cancelled' || campaign.status === 'failed') return null;
  const progress = await finaleProgress(store, campaign, spec);
  if (progress === null) return null;
  const meanMs = progress.stored === 0 ? 0 : progress.storedDurationMs / progress.stored;
  const seconds = phase === 'finale' && meanMs > 0 ? Math.round((progress.missing * meanMs) / spec.parallelism / 1000) : null;
  return {
    phase,
    total: progress.total,
    stored: progress.stored,
    fraction: progress.total === 0 ? 1 : progress.stored / progress.total,
    eta: seconds === null ? null : { seconds, at: new Date(now.getTime() + seconds * 1000).toISOString() },
  };
}
