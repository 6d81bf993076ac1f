/**
 * The compiled form of a search space. A space file declares operators and shape specs; compiling
 * flattens the shape specs into `shapes` (a `units: {min: 1, max: 2}` spec becomes two shapes, one per
 * unit count), and each shape lists the categorical decisions ("slots") a member makes. A member is a
 * genome: `[shapeIndex, ...one value per slot]`, so every downstream piece (counting, ranking,
 * sampling, mutation, an RL controller's token grammar) works on the same flat description.
 */
import type { Expr } from '@actsearch/expr';

export type OpKind = 'unary' | 'binary';

/** One operator a slot can hold: its name in the space file and its template over `x` or `x1, x2`. */
export interface OpChoice {
  readonly name: string;
  readonly template: Expr;
}

/** A node of a tree shape such as `binary(unary(x),unary(x))`. */
export type ShapeNode =
  | { readonly type: 'x' }
  /** A number, e.g. the `0.2` of `leaky_relu(unary(x),0.2)`; omitted trailing defaults are filled in. */
  | { readonly type: 'const'; readonly value: number }
  | { readonly type: 'slot'; readonly kind: OpKind; readonly children: readonly ShapeNode[] }
  /** A fixed operator of the expression language, e.g. the `mul` of `mul(x,unary(x))`. */
  | { readonly type: 'op'; readonly op: string; readonly children: readonly ShapeNode[] };

/** One entry of a space file's `shapes` list. */
export type ShapeSpec =
  | { readonly type: 'tree'; readonly root: ShapeNode; readonly text: string }
  /** The Swish paper's core units: unit i is `b(u1(in1), u2(in2))`, each input `x` or an earlier unit. */
  | { readonly type: 'units'; readonly min: number; readonly max: number };

export type SlotKind = OpKind | 'input';

/** One categorical decision of a shape, after the shape decision itself. */
export interface Slot {
  readonly kind: SlotKind;
  /** Where the decision sits, e.g. `root.2` (second argument of the root slot) or `unit2.input1`. */
  readonly path: string;
  readonly size: number;
  /** Slots of one group move together in crossover: one slot of a tree, or the five slots of a unit. */
  readonly group: number;
}

export interface Shape {
  readonly index: number;
  /** `binary(unary(x),unary(x))`, or `1 core unit`, `2 core units`. */
  readonly label: string;
  /** Index into `SearchSpace.shapeSpecs`. */
  readonly spec: number;
  /** Number of core units, for shapes of a `units` spec. */
  readonly units?: number;
  readonly slots: readonly Slot[];
  /**
   * Structure-preserving swaps: each one is a list of genome position pairs exchanged together
   * (two sibling subtrees of the same structure, or the two arms of a core unit).
   */
  readonly swaps: readonly (readonly (readonly [number, number])[])[];
}

/**
 * What a space's members are: element-wise activations (the default), or normalization-activation
 * layers (EvoNorm; docs/layers.md) whose templates may use aggregates such as `batch_var(x)` and whose
 * members are wrapped in the per-channel affine `y * gamma + beta`.
 */
export type SpaceKind = 'activation' | 'layer';

export interface SearchSpace {
  readonly id: string;
  /** Absent for activation spaces (so their content hashes never change). */
  readonly kind?: 'layer';
  readonly version: string;
  readonly title: string;
  readonly source?: string;
  readonly description?: string;
  /** The file (or other source) the space came from, used in error messages. */
  readonly sourceName: string;
  readonly unary: readonly OpChoice[];
  readonly binary: readonly OpChoice[];
  readonly shapeSpecs: readonly ShapeSpec[];
  readonly shapes: readonly Shape[];
}

/** A member of a space: the shape index followed by one value per slot of that shape. JSON-safe. */
export type Genome = readonly number[];
