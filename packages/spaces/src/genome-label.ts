/**
 * A member written with the space's own operator names, the PANGAEA text form:
 * `add(identity(x),negative(x))`. Unlike the decoded expression's text it tells apart members that
 * compute the same thing (`zero(sin(x))` and `zero(exp(x))` both decode to `0`).
 */
import { UNIT_SLOTS, unitStart } from './build-space.ts';
import { checkGenome } from './genome.ts';
import type { Genome, SearchSpace, Shape, ShapeNode } from './space.ts';

export function genomeLabel(space: SearchSpace, genome: Genome): string {
  checkGenome(space, genome);
  const shape = space.shapes[genome[0] as number] as Shape;
  const spec = space.shapeSpecs[shape.spec];
  const name = (kind: 'unary' | 'binary', value: number): string => (kind === 'unary' ? space.unary : space.binary)[value]?.name ?? '?';
  if (spec?.type === 'tree') {
    let cursor = 1;
    const walk = (node: ShapeNode): string => {
      if (node.type === 'x') return 'x';
      if (node.type === 'const') return String(node.value);
      const head = node.type === 'op' ? node.op : name(node.kind, genome[cursor++] as number);
      return `${head}(${node.children.map(walk).join(',')})`;
    };
    return walk(spec.root);
  }
  const outputs = ['x'];
  for (let u = 1; u <= (shape.units ?? 0); u++) {
    const start = unitStart(u);
    const [in1, in2, u1, u2, b] = genome.slice(start, start + UNIT_SLOTS) as [number, number, number, number, number];
    outputs.push(`${name('binary', b)}(${name('unary', u1)}(${outputs[in1]}),${name('unary', u2)}(${outputs[in2]}))`);
  }
  return outputs[outputs.length - 1] as string;
}
