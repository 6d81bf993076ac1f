/**
 * One random local change to a member that always yields another valid member: change an operator,
 * change a unit's input, swap two like subtrees (or a unit's two arms), grow or shrink a core-unit
 * member by one unit within the space's bounds, or move to another shape keeping what fits.
 * Every possible change ("site") is equally likely, and a change never returns the same genome
 * unless the space has a single member.
 */
import type { Rng } from '@actsearch/expr';
import { UNIT_SLOTS } from './build-space.ts';
import { checkGenome } from './genome.ts';
import type { Genome, SearchSpace, Shape, SlotKind } from './space.ts';

export type MutationKind = 'op' | 'input' | 'swap' | 'grow' | 'shrink' | 'shape';

export interface Mutation {
  /** Undefined when no change applies (a one-member space): then `genome` is a copy of the input. */
  readonly kind?: MutationKind;
  readonly genome: Genome;
}

export interface MutateOptions {
  /** Restrict the kinds of change (default: all that apply). */
  readonly kinds?: readonly MutationKind[];
}

interface Site {
  readonly kind: MutationKind;
  apply(rng: Rng): number[];
}

function differentValue(rng: Rng, old: number, size: number): number {
  return (old + 1 + rng.int(size - 1)) % size;
}

/**
 * A genome of `target` built from `from`: the k-th slot of each kind takes the k-th value of that kind
 * in `from` when it fits, otherwise a random value.
 */
export function transferTo(space: SearchSpace, from: Genome, target: Shape, rng: Rng): number[] {
  const source = space.shapes[from[0] as number] as Shape;
  const pools = new Map<SlotKind, number[]>();
  source.slots.forEach((slot, i) => {
    const pool = pools.get(slot.kind) ?? [];
    pool.push(from[i + 1] as number);
    pools.set(slot.kind, pool);
  });
  const used = new Map<SlotKind, number>();
  const out = [target.index];
  for (const slot of target.slots) {
    const k = used.get(slot.kind) ?? 0;
    used.set(slot.kind, k + 1);
    const v = pools.get(slot.kind)?.[k];
    out.push(v !== undefined && v < slot.size ? v : rng.int(slot.size));
  }
  return out;
}

function unitsNeighbour(space: SearchSpace, shape: Shape, delta: number): Shape | undefined {
  if (shape.units === undefined) return undefined;
  return space.shapes.find((s) => s.spec === shape.spec && s.units === (shape.units as number) + delta);
}

function sites(space: SearchSpace, genome: Genome): Site[] {
  const shape = space.shapes[genome[0] as number] as Shape;
  const out: Site[] = [];
  shape.slots.forEach((slot, i) => {
    if (slot.size < 2) return;
    const position = i + 1;
    out.push({
      kind: slot.kind === 'input' ? 'input' : 'op',
      apply: (rng) => {
        const g = genome.slice();
        g[position] = differentValue(rng, genome[position] as number, slot.size);
        return g;
      },
    });
  });
  for (const swap of shape.swaps) {
    if (swap.every(([p, q]) => genome[p] === genome[q])) continue;
    out.push({
      kind: 'swap',
      apply: () => {
        const g = genome.slice();
        for (const [p, q] of swap) [g[p], g[q]] = [genome[q] as number, genome[p] as number];
        return g;
      },
    });
  }
  const bigger = unitsNeighbour(space, shape, 1);
  if (bigger) {
    out.push({
      kind: 'grow',
      apply: (rng) => {
        const units = shape.units as number;
        // The new last unit reads the old output on one arm, so the old member lives on inside it.
        const inputs = [units, rng.int(units + 1)];
        if (rng.int(2) === 1) inputs.reverse();
        return [
          bigger.index,
          ...genome.slice(1),
          ...inputs,
          rng.int(space.unary.length),
          rng.int(space.unary.length),
          rng.int(space.binary.length),
        ];
      },
    });
  }
  const smaller = unitsNeighbour(space, shape, -1);
  if (smaller) out.push({ kind: 'shrink', apply: () => [smaller.index, ...genome.slice(1, genome.length - UNIT_SLOTS)] });
  for (const other of space.shapes) {
    if (other.spec === shape.spec) continue;
    out.push({ kind: 'shape', apply: (rng) => transferTo(space, genome, other, rng) });
  }
  return out;
}

/** A random change and its kind. */
export function mutateWithKind(genome: Genome, space: SearchSpace, rng: Rng, options: MutateOptions = {}): Mutation {
  checkGenome(space, genome);
  const all = sites(space, genome);
  const allowed = options.kinds ? all.filter((s) => options.kinds?.includes(s.kind)) : all;
  if (allowed.length === 0) return { genome: genome.slice() };
  const site = rng.pick(allowed);
  return { kind: site.kind, genome: site.apply(rng) };
}

export function mutate(genome: Genome, space: SearchSpace, rng: Rng, options: MutateOptions = {}): Genome {
  return mutateWithKind(genome, space, rng, options).genome;
}
