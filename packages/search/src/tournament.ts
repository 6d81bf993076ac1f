import type { Rng } from '@actsearch/expr';

/**
 * A tournament's entrants: min(size, |population|) distinct members drawn uniformly (a partial
 * Fisher–Yates shuffle of the indices), in draw order. Evolution and guided evolution pick their
 * parents among them.
 */
export function tournamentSample<T>(population: readonly T[], size: number, rng: Rng): T[] {
  const k = Math.min(size, population.length);
  const idx = population.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(idx.length - i);
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, k).map((i) => population[i] as T);
}

/** The entrant with the highest value (the first of equals). */
export function tournamentWinner<T extends { readonly value: number }>(population: readonly T[], size: number, rng: Rng): T {
  const sample = tournamentSample(population, size, rng);
  let best = sample[0] as T;
  for (const s of sample) if (s.value > best.value) best = s;
  return best;
}
