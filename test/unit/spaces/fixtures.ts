import { call, param, X, type Expr } from '@actsearch/expr';
import { buildSpace, parseShapeText, shapeNodeText, type OpChoice, type SearchSpace, type ShapeSpec } from '@actsearch/spaces';

const x1: Expr = { kind: 'var', name: 'x1' };
const x2: Expr = { kind: 'var', name: 'x2' };

export const unaryOps: OpChoice[] = [
  { name: 'identity', template: X },
  { name: 'negative', template: call('neg', X) },
  { name: 'sin', template: call('sin', X) },
  { name: 'beta_x', template: call('mul', param('beta', 1), X) },
];

export const binaryOps: OpChoice[] = [
  { name: 'add', template: call('add', x1, x2) },
  { name: 'mul', template: call('mul', x1, x2) },
  { name: 'max', template: call('max', x1, x2) },
];

export function tree(text: string): ShapeSpec {
  const root = parseShapeText(text);
  return { type: 'tree', root, text: shapeNodeText(root) };
}

/** A space built without the expression parser: trees, fixed ops and core units together. */
export function mixedSpace(
  shapeSpecs: ShapeSpec[] = [tree('unary(unary(x))'), tree('binary(unary(x), unary(x))'), { type: 'units', min: 1, max: 3 }],
): SearchSpace {
  return buildSpace({ id: 'mixed', version: '1', title: 'test space', unary: unaryOps, binary: binaryOps, shapeSpecs });
}
