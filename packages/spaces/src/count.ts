/**
 * Exact counting and a bijection between members and the integers [0, count): members are ordered by
 * shape, then lexicographically by slot values (the last slot varies fastest). `enumerate` walks this
 * order lazily; `unrank` of a uniform integer is a uniform member.
 */
import { ValidationError } from '@actsearch/core';
import { checkGenome } from './genome.ts';
import type { Genome, SearchSpace, Shape } from './space.ts';

/** Members of one shape (genomes, before any dedupe of equivalent functions). */
export function countShape(shape: Shape): bigint {
  return shape.slots.reduce((n, s) => n * BigInt(s.size), 1n);
}

/** Members of the space: the sum over its shapes. */
export function count(space: SearchSpace): bigint {
  return space.shapes.reduce((n, s) => n + countShape(s), 0n);
}

/** The position of `genome` in enumeration order. */
export function rank(space: SearchSpace, genome: Genome): bigint {
  checkGenome(space, genome);
  const shapeIndex = genome[0] as number;
  let offset = 0n;
  for (let i = 0; i < shapeIndex; i++) offset += countShape(space.shapes[i] as Shape);
  const shape = space.shapes[shapeIndex] as Shape;
  let r = 0n;
  shape.slots.forEach((slot, i) => {
    r = r * BigInt(slot.size) + BigInt(genome[i + 1] as number);
  });
  return offset + r;
}

/** The member at position `index` of enumeration order. */
export function unrank(space: SearchSpace, index: bigint): Genome {
  if (index < 0n) throw new ValidationError(`member index must be ≥ 0, got ${index}`, [{ path: 'index', message: 'negative' }]);
  let rest = index;
  for (const shape of space.shapes) {
    const n = countShape(shape);
    if (rest < n) {
      const values: number[] = new Array<number>(shape.slots.length);
      for (let i = shape.slots.length - 1; i >= 0; i--) {
        const size = BigInt((shape.slots[i] as { size: number }).size);
        values[i] = Number(rest % size);
        rest /= size;
      }
      return [shape.index, ...values];
    }
    rest -= n;
  }
  throw new ValidationError(`member index ${index} is out of range: the space '${space.id}' has ${count(space)} members`, [
    { path: 'index', message: 'out of range' },
  ]);
}

export interface EnumerateOptions {
  /** Only the members of this shape (an index into `space.shapes`). */
  readonly shape?: number;
}

/** Every member once, lazily, in rank order. */
export function* enumerate(space: SearchSpace, options: EnumerateOptions = {}): Generator<Genome, void, undefined> {
  const shapes = options.shape === undefined ? space.shapes : space.shapes.filter((s) => s.index === options.shape);
  for (const shape of shapes) {
    const sizes = shape.slots.map((s) => s.size);
    if (sizes.some((s) => s === 0)) continue;
    const values = sizes.map(() => 0);
    for (;;) {
      yield [shape.index, ...values];
      let i = values.length - 1;
      while (i >= 0) {
        const v = (values[i] as number) + 1;
        if (v < (sizes[i] as number)) {
          values[i] = v;
          break;
        }
        values[i] = 0;
        i--;
      }
      if (i < 0) break;
    }
  }
}
