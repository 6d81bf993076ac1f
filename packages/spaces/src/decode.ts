/**
 * Genome → expression: substitute each chosen operator's template, then name trainable parameters per
 * use. Two uses of `beta * x` in one member are two independent coefficients, so they become `beta`
 * and `beta2` (numbered in reading order); one use shared by two later units stays one parameter.
 */
import { call, constant, layerParamInit, param, X, type Expr } from '@actsearch/expr';
import { UNIT_SLOTS, unitStart } from './build-space.ts';
import { checkGenome } from './genome.ts';
import type { Genome, OpChoice, SearchSpace, Shape, ShapeNode } from './space.ts';

// A name no parser accepts, so a tagged parameter can never collide with a user's one.
const TAG = '\u0000';

function instantiate(template: Expr, bindings: Readonly<Record<string, Expr>>, instance: number): Expr {
  switch (template.kind) {
    case 'var':
      return bindings[template.name] ?? template;
    case 'const':
      return template;
    case 'param':
      return param(`${template.name}${TAG}${instance}`, template.init);
    case 'call':
      return call(template.op, ...template.args.map((a) => instantiate(a, bindings, instance)));
  }
}

function renameParams(e: Expr): Expr {
  const names = new Map<string, string>();
  const perFamily = new Map<string, number>();
  const walk = (node: Expr): Expr => {
    switch (node.kind) {
      case 'var':
      case 'const':
        return node;
      case 'param': {
        let name = names.get(node.name);
        if (name === undefined) {
          const family = (node.name.split(TAG)[0] as string).replace(/\d+$/, '');
          const n = (perFamily.get(family) ?? 0) + 1;
          perFamily.set(family, n);
          name = n === 1 ? family : `${family}${n}`;
          names.set(node.name, name);
        }
        return param(name, node.init);
      }
      case 'call':
        return call(node.op, ...node.args.map(walk));
    }
  };
  return walk(e);
}

/** A layer space's members end in the per-channel affine y·γ + β (EvoNorm appends it to every candidate). */
function withAffine(space: SearchSpace, y: Expr, instance: number): Expr {
  if (space.kind !== 'layer') return y;
  const tag = (name: string) => `${name}${TAG}${instance}`;
  return call('add', call('mul', y, param(tag('gamma'), layerParamInit('gamma'))), param(tag('beta'), layerParamInit('beta')));
}

export function decode(space: SearchSpace, genome: Genome): Expr {
  checkGenome(space, genome);
  const shape = space.shapes[genome[0] as number] as Shape;
  let instance = 0;
  const apply = (op: OpChoice, bindings: Readonly<Record<string, Expr>>): Expr => instantiate(op.template, bindings, instance++);
  const spec = space.shapeSpecs[shape.spec];
  if (spec?.type === 'tree') {
    let cursor = 1;
    const build = (node: ShapeNode): Expr => {
      if (node.type === 'x') return X;
      if (node.type === 'const') return constant(node.value);
      if (node.type === 'op') return call(node.op, ...node.children.map(build));
      const value = genome[cursor++] as number; // preorder, as build-space.ts numbers the slots
      const args = node.children.map(build);
      if (node.kind === 'unary') return apply(space.unary[value] as OpChoice, { x: args[0] as Expr });
      return apply(space.binary[value] as OpChoice, { x1: args[0] as Expr, x2: args[1] as Expr });
    };
    const root = build(spec.root);
    return renameParams(withAffine(space, root, instance++));
  }
  const outputs: Expr[] = [X];
  for (let u = 0; u < (shape.units ?? 0); u++) {
    const start = unitStart(u + 1);
    const [in1, in2, u1, u2, b] = genome.slice(start, start + UNIT_SLOTS) as [number, number, number, number, number];
    const a = apply(space.unary[u1] as OpChoice, { x: outputs[in1] as Expr });
    const c = apply(space.unary[u2] as OpChoice, { x: outputs[in2] as Expr });
    outputs.push(apply(space.binary[b] as OpChoice, { x1: a, x2: c }));
  }
  return renameParams(withAffine(space, outputs[outputs.length - 1] as Expr, instance++));
}
