/**
 * What a benchmark build evaluates: every distinct function (fingerprint class) of a space or of one
 * of its shapes, in enumeration order, each named by the canonical text of its simplest member — the
 * text that is trained, so the table's `text` is exactly what produced its metric.
 */
import { canonicalize, fingerprint, parse, print } from '@actsearch/expr';
import { classes, countShape, count, decode, enumerate, type Genome, type SearchSpace, type Shape } from '@actsearch/spaces';

export interface PlannedClass {
  readonly fingerprint: string;
  /** Canonical text of the simplest member; parses back to the same fingerprint. */
  readonly text: string;
  readonly genomes: readonly Genome[];
}

/** Enumerating more members than this is a mistake, not a benchmark (PANGAEA's largest shape has 5,103). */
export const MAX_PLAN_MEMBERS = 1_000_000n;

export function planClasses(space: SearchSpace, shape: Shape | undefined): PlannedClass[] {
  const members = shape === undefined ? count(space) : countShape(shape);
  if (members > MAX_PLAN_MEMBERS) {
    throw new RangeError(`${members} members is more than a tabular benchmark can enumerate (at most ${MAX_PLAN_MEMBERS})`);
  }
  return classes(space, enumerate(space, shape === undefined ? {} : { shape: shape.index })).map((cls) => {
    const simplest = decode(space, cls.representative);
    const canonical = print(canonicalize(simplest));
    // Canonicalization keeps the function, so this holds; if float rounding ever moved a probe output
    // across a quantization step, train the member as decoded rather than mislabel the row.
    const text = fingerprint(parse(canonical)) === cls.fingerprint ? canonical : print(simplest);
    return { fingerprint: cls.fingerprint, text, genomes: cls.members.map((g) => g.slice()) };
  });
}
