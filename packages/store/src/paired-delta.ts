import { Prisma, type PrismaClient } from './client.ts';

/** Δ reference of one activation: the mean of (its metric − the reference's) over the seeds both have. */
export interface PairedDelta {
  /** Null when the two share no seed. */
  readonly delta: number | null;
  /** How many seeds the difference is over. */
  readonly seeds: number;
}

export interface PairedDeltaScope {
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
}

/**
 * Δ reference for a page of activations, the one definition every view uses (the finale's and the
 * campaign's too): paired over common seeds, so seed-to-seed variation that hits both alike cancels,
 * and two activations trained on different seed sets are compared only where they overlap. One query
 * over at most a page of activations plus the reference, by the (task, version, fidelity, status,
 * fingerprint) index: its cost does not grow with the number of evaluations stored.
 */
export async function pairedDeltas(
  prisma: PrismaClient,
  scope: PairedDeltaScope,
  fingerprints: readonly string[],
  reference: string,
): Promise<Map<string, PairedDelta>> {
  const wanted = [...new Set([...fingerprints, reference])];
  const rows = await prisma.$queryRaw<{ fingerprint: string; seed: number; metric: number }[]>`
    SELECT "fingerprint", "seed", "metric"
    FROM "Evaluation"
    WHERE "task" = ${scope.task} AND "taskVersion" = ${scope.taskVersion} AND "fidelity" = ${scope.fidelity}
      AND "status" = 'done' AND "metric" IS NOT NULL AND "fingerprint" IN (${Prisma.join(wanted)})`;
  const bySeed = new Map<string, Map<number, number>>();
  for (const row of rows) {
    let seeds = bySeed.get(row.fingerprint);
    if (seeds === undefined) bySeed.set(row.fingerprint, (seeds = new Map()));
    seeds.set(Number(row.seed), Number(row.metric));
  }
  const ref = bySeed.get(reference) ?? new Map<number, number>();
  const out = new Map<string, PairedDelta>();
  for (const fingerprint of fingerprints) {
    const own = bySeed.get(fingerprint) ?? new Map<number, number>();
    let sum = 0;
    let seeds = 0;
    for (const [seed, metric] of own) {
      const base = ref.get(seed);
      if (base === undefined) continue;
      sum += metric - base;
      seeds += 1;
    }
    out.set(fingerprint, { delta: seeds === 0 ? null : sum / seeds, seeds });
  }
  return out;
}
