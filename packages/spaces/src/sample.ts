/**
 * Uniform sampling over members: a uniform integer below count(space), unranked. Uniform over
 * members (not over shapes), so a shape with more members is drawn more often.
 */
import { type Rng } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { count, unrank } from './count.ts';
import type { Genome, SearchSpace } from './space.ts';

/** A uniform integer in [0, n), exact for any size (rejection sampling over 32-bit words). */
export function randomBelow(rng: Rng, n: bigint): bigint {
  if (n <= 0n) throw new RangeError(`randomBelow needs a positive bound, got ${n}`);
  if (n <= 2n ** 32n) return BigInt(rng.int(Number(n)));
  const bits = n.toString(2).length;
  const words = Math.ceil(bits / 32);
  const excess = BigInt(words * 32 - bits);
  for (;;) {
    let r = 0n;
    for (let i = 0; i < words; i++) r = (r << 32n) | BigInt(rng.nextUint32());
    r >>= excess;
    if (r < n) return r;
  }
}

export function sample(space: SearchSpace, rng: Rng): Genome {
  const total = count(space);
  if (total === 0n) throw new ValidationError(`the space '${space.id}' has no members`, [{ path: 'shapes', message: 'no members' }]);
  return unrank(space, randomBelow(rng, total));
}
