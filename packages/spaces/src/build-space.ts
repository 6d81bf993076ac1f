/**
 * Turns validated operators and shape specs into a SearchSpace: flattens the shape specs into shapes
 * and lays out each shape's decisions. Trusts its input (parse-space.ts validates); tests use it to
 * build small spaces directly.
 */
import type { OpChoice, SearchSpace, Shape, ShapeNode, ShapeSpec, Slot } from './space.ts';

export interface SpaceDefinition {
  readonly id: string;
  readonly kind?: 'layer';
  readonly version: string;
  readonly title: string;
  readonly source?: string;
  readonly description?: string;
  readonly sourceName?: string;
  readonly unary: readonly OpChoice[];
  readonly binary: readonly OpChoice[];
  readonly shapeSpecs: readonly ShapeSpec[];
}

/** The text of a tree shape, without spaces: `binary(unary(x),unary(x))`. */
export function shapeNodeText(node: ShapeNode): string {
  if (node.type === 'x') return 'x';
  if (node.type === 'const') return String(node.value);
  const name = node.type === 'slot' ? node.kind : node.op;
  return `${name}(${node.children.map(shapeNodeText).join(',')})`;
}

function slotCount(node: ShapeNode): number {
  if (node.type === 'x' || node.type === 'const') return 0;
  const own = node.type === 'slot' ? 1 : 0;
  return node.children.reduce((n, c) => n + slotCount(c), own);
}

function treeShape(def: SpaceDefinition, spec: Extract<ShapeSpec, { type: 'tree' }>, specIndex: number, index: number): Shape {
  const slots: Slot[] = [];
  const swaps: (readonly (readonly [number, number])[])[] = [];
  // Preorder: a slot comes before its arguments, so a controller decides top-down. decode.ts walks
  // the tree in the same order.
  const visit = (node: ShapeNode, path: string): void => {
    if (node.type === 'x' || node.type === 'const') return;
    if (node.type === 'slot') {
      const size = node.kind === 'unary' ? def.unary.length : def.binary.length;
      slots.push({ kind: node.kind, path, size, group: slots.length });
    }
    const starts: number[] = [];
    node.children.forEach((child, i) => {
      starts.push(slots.length + 1);
      visit(child, `${path}.${i + 1}`);
    });
    for (let i = 0; i < node.children.length; i++) {
      for (let j = i + 1; j < node.children.length; j++) {
        const a = node.children[i] as ShapeNode;
        const b = node.children[j] as ShapeNode;
        const n = slotCount(a);
        if (n === 0 || shapeNodeText(a) !== shapeNodeText(b)) continue;
        const sa = starts[i] as number;
        const sb = starts[j] as number;
        swaps.push(Array.from({ length: n }, (_, k) => [sa + k, sb + k] as const));
      }
    }
  };
  visit(spec.root, 'root');
  return { index, label: spec.text, spec: specIndex, slots, swaps };
}

function unitsShape(def: SpaceDefinition, units: number, specIndex: number, index: number): Shape {
  const slots: Slot[] = [];
  const swaps: (readonly (readonly [number, number])[])[] = [];
  for (let u = 1; u <= units; u++) {
    const base = slots.length + 1;
    const group = u - 1;
    // The paper's controller order within a unit: both inputs, both unary functions, the binary one.
    slots.push(
      { kind: 'input', path: `unit${u}.input1`, size: u, group },
      { kind: 'input', path: `unit${u}.input2`, size: u, group },
      { kind: 'unary', path: `unit${u}.unary1`, size: def.unary.length, group },
      { kind: 'unary', path: `unit${u}.unary2`, size: def.unary.length, group },
      { kind: 'binary', path: `unit${u}.binary`, size: def.binary.length, group },
    );
    swaps.push([
      [base, base + 1],
      [base + 2, base + 3],
    ]);
  }
  const label = `${units} core unit${units === 1 ? '' : 's'}`;
  return { index, label, spec: specIndex, units, slots, swaps };
}

/** Decisions per core unit: input1, input2, unary1, unary2, binary. */
export const UNIT_SLOTS = 5;

/** Genome position of the first slot of unit `u` (1-based) in a units shape. */
export function unitStart(u: number): number {
  return 1 + (u - 1) * UNIT_SLOTS;
}

export function buildSpace(def: SpaceDefinition): SearchSpace {
  const shapes: Shape[] = [];
  def.shapeSpecs.forEach((spec, specIndex) => {
    if (spec.type === 'tree') {
      shapes.push(treeShape(def, spec, specIndex, shapes.length));
    } else {
      for (let k = spec.min; k <= spec.max; k++) shapes.push(unitsShape(def, k, specIndex, shapes.length));
    }
  });
  return {
    id: def.id,
    ...(def.kind === 'layer' ? { kind: 'layer' as const } : {}),
    version: def.version,
    title: def.title,
    ...(def.source === undefined ? {} : { source: def.source }),
    ...(def.description === undefined ? {} : { description: def.description }),
    sourceName: def.sourceName ?? def.id,
    unary: def.unary,
    binary: def.binary,
    shapeSpecs: def.shapeSpecs,
    shapes,
  };
}
