import type { Rng } from '@actsearch/expr';

/**
 * Epoch-wise shuffled batch order drawn from the seeded Rng: the same seed gives the same batches.
 * A partial batch at the end of an epoch is dropped and a new permutation drawn.
 */
export class BatchSampler {
  private readonly order: Int32Array;
  private pos: number;

  constructor(
    private readonly n: number,
    private readonly batchSize: number,
    private readonly rng: Rng,
  ) {
    if (batchSize > n) throw new RangeError(`batch size ${batchSize} exceeds the ${n} training examples`);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.pos = n;
  }

  /** The index order and the start of the next batch in it. */
  next(): { order: Int32Array; start: number } {
    if (this.pos + this.batchSize > this.n) {
      const o = this.order;
      for (let i = this.n - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = o[i] as number;
        o[i] = o[j] as number;
        o[j] = t;
      }
      this.pos = 0;
    }
    const start = this.pos;
    this.pos += this.batchSize;
    return { order: this.order, start };
  }
}
