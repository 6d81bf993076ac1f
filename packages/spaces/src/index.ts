/**
 * @actsearch/spaces — declarative search spaces of activation functions (pure: no I/O).
 * A space file is parsed into a SearchSpace; a member is a genome (a flat array of small integers:
 * the shape, then one categorical decision per slot) that decodes to an expression.
 */
export type { Genome, OpChoice, OpKind, SearchSpace, Shape, ShapeNode, ShapeSpec, Slot, SlotKind, SpaceKind } from './space.ts';
export { buildSpace, shapeNodeText, type SpaceDefinition } from './build-space.ts';
export { parseSpace } from './parse-space.ts';
export { parseShapeText, ShapeTextError } from './shape-text.ts';
export { SpaceCatalog, type SpaceSource } from './catalog.ts';
export { checkGenome, decisionsAt, isGenome, shapeOf, type Decision, type DecisionKind } from './genome.ts';
export { count, countShape, enumerate, rank, unrank, type EnumerateOptions } from './count.ts';
export { randomBelow, sample } from './sample.ts';
export { decode } from './decode.ts';
export { genomeLabel } from './genome-label.ts';
export { mutate, mutateWithKind, transferTo, type MutateOptions, type Mutation, type MutationKind } from './mutate.ts';
export { crossover } from './crossover.ts';
export { contentHash, normalizedSpec } from './content-hash.ts';
export { classes, spaceStats, type EquivalenceClass, type ShapeStats, type SpaceStats, type StatsOptions } from './classes.ts';
