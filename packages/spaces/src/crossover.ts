/**
 * Uniform crossover over aligned groups. One parent, chosen at random, gives the child its shape; each
 * of its groups (a tree slot, or a whole core unit so a unit's wiring stays intact) is then taken with
 * probability 1/2 from the k-th group of the same kind in the other parent, when that group exists and
 * its values fit. The child is always a valid member of the base parent's shape.
 */
import type { Rng } from '@actsearch/expr';
import { checkGenome } from './genome.ts';
import type { Genome, SearchSpace, Shape } from './space.ts';

interface Group {
  readonly kind: string;
  /** Genome positions of the group's slots. */
  readonly positions: readonly number[];
}

function groupsOf(shape: Shape): Group[] {
  const groups: { kind: string; positions: number[] }[] = [];
  shape.slots.forEach((slot, i) => {
    const last = groups[groups.length - 1];
    if (last && shape.slots[i - 1]?.group === slot.group) last.positions.push(i + 1);
    else groups.push({ kind: shape.units === undefined ? slot.kind : 'unit', positions: [i + 1] });
  });
  return groups;
}

export function crossover(a: Genome, b: Genome, space: SearchSpace, rng: Rng): Genome {
  checkGenome(space, a);
  checkGenome(space, b);
  const [base, donor] = rng.int(2) === 0 ? [a, b] : [b, a];
  const baseShape = space.shapes[base[0] as number] as Shape;
  const donorGroups = new Map<string, Group[]>();
  for (const g of groupsOf(space.shapes[donor[0] as number] as Shape)) {
    const list = donorGroups.get(g.kind) ?? [];
    list.push(g);
    donorGroups.set(g.kind, list);
  }
  const seen = new Map<string, number>();
  const child = base.slice();
  for (const group of groupsOf(baseShape)) {
    const k = seen.get(group.kind) ?? 0;
    seen.set(group.kind, k + 1);
    const match = donorGroups.get(group.kind)?.[k];
    if (!match || match.positions.length !== group.positions.length) continue;
    const fits = group.positions.every((p, i) => (donor[match.positions[i] as number] as number) < (baseShape.slots[p - 1]?.size ?? 0));
    if (!fits || rng.int(2) === 0) continue;
    group.positions.forEach((p, i) => {
      child[p] = donor[match.positions[i] as number] as number;
    });
  }
  return child;
}
