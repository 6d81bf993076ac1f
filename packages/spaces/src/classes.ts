/**
 * Dedupe: members whose decoded functions share a fingerprint are one function (docs/architecture.md,
 * "Identities"). PANGAEA's 5,103 `binary(unary(x),unary(x))` strings are 2,913 functions this way.
 */
import { exprSize, fingerprint, layerFingerprint } from '@actsearch/expr';
import { count, countShape, enumerate } from './count.ts';
import { decode } from './decode.ts';
import type { Genome, SearchSpace } from './space.ts';

export interface EquivalenceClass {
  readonly fingerprint: string;
  /** In the order they were given. */
  readonly members: readonly Genome[];
  /** The member with the smallest expression (the first of those on a tie). */
  readonly representative: Genome;
}

/** Groups `members` by fingerprint; classes come in the order of their first member. */
export function classes(space: SearchSpace, members: Iterable<Genome>): EquivalenceClass[] {
  const byPrint = new Map<string, { members: Genome[]; representative: Genome; size: number }>();
  const identity = space.kind === 'layer' ? layerFingerprint : fingerprint;
  for (const genome of members) {
    const e = decode(space, genome);
    const key = identity(e);
    const size = exprSize(e);
    const cls = byPrint.get(key);
    if (!cls) byPrint.set(key, { members: [genome], representative: genome, size });
    else {
      cls.members.push(genome);
      if (size < cls.size) {
        cls.representative = genome;
        cls.size = size;
      }
    }
  }
  return [...byPrint].map(([fp, c]) => ({ fingerprint: fp, members: c.members, representative: c.representative }));
}

export interface ShapeStats {
  readonly label: string;
  readonly members: bigint;
  /** Distinct functions among the shape's members; undefined when the shape is too large to enumerate. */
  readonly unique?: number;
}

export interface SpaceStats {
  readonly members: bigint;
  /** Distinct functions over the whole space (a function reachable from two shapes counts once). */
  readonly unique?: number;
  readonly shapes: readonly ShapeStats[];
}

export interface StatsOptions {
  /** Dedupe only shapes with at most this many members (default 200,000). */
  readonly maxMembers?: number;
}

export function spaceStats(space: SearchSpace, options: StatsOptions = {}): SpaceStats {
  const limit = BigInt(options.maxMembers ?? 200_000);
  const all = new Set<string>();
  let complete = true;
  const shapes = space.shapes.map((shape): ShapeStats => {
    const members = countShape(shape);
    if (members > limit) {
      complete = false;
      return { label: shape.label, members };
    }
    const found = classes(space, enumerate(space, { shape: shape.index }));
    for (const c of found) all.add(c.fingerprint);
    return { label: shape.label, members, unique: found.length };
  });
  return { members: count(space), ...(complete ? { unique: all.size } : {}), shapes };
}
