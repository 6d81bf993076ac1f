/**
 * The little language of tree shapes: `unary(...)` and `binary(..., ...)` are operator slots, `x` is
 * the input, numbers are constants, and any other call names a fixed operator of the expression
 * language (`mul(x,unary(x))`). Whether a fixed operator exists is checked by the caller, which knows
 * the op table.
 */
import type { ShapeNode } from './space.ts';

export class ShapeTextError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based. */
    readonly column: number,
  ) {
    super(`${reason} at column ${column}`);
    this.name = 'ShapeTextError';
  }
}

const MAX_LENGTH = 1000;
const MAX_DEPTH = 32;

export function parseShapeText(text: string): ShapeNode {
  if (text.length > MAX_LENGTH) throw new ShapeTextError(`a shape is at most ${MAX_LENGTH} characters`, MAX_LENGTH + 1);
  let pos = 0;
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
  };
  const node = (depth: number): ShapeNode => {
    if (depth > MAX_DEPTH) throw new ShapeTextError(`a shape nests at most ${MAX_DEPTH} deep`, pos + 1);
    skip();
    const start = pos;
    const num = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(text.slice(pos));
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new ShapeTextError(`'${num[0]}' is not a finite number`, start + 1);
      pos += num[0].length;
      return { type: 'const', value };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos));
    if (!m) {
      throw new ShapeTextError(
        pos >= text.length ? 'expected x, a number, unary(…), binary(…) or an operator, found the end' : `unexpected '${text[pos]}'`,
        pos + 1,
      );
    }
    const name = m[0];
    pos += name.length;
    skip();
    if (text[pos] !== '(') {
      if (name === 'x') return { type: 'x' };
      throw new ShapeTextError(`'${name}' needs arguments in parentheses (only x stands alone)`, start + 1);
    }
    if (name === 'x') throw new ShapeTextError("'x' is the input, not a function", start + 1);
    pos++;
    const children: ShapeNode[] = [node(depth + 1)];
    skip();
    while (text[pos] === ',') {
      pos++;
      children.push(node(depth + 1));
      skip();
    }
    if (text[pos] !== ')')
      throw new ShapeTextError(pos >= text.length ? "missing ')'" : `expected ',' or ')', found '${text[pos]}'`, pos + 1);
    pos++;
    if (name === 'unary' || name === 'binary') {
      const arity = name === 'unary' ? 1 : 2;
      if (children.length !== arity) {
        throw new ShapeTextError(`'${name}' takes ${arity} argument${arity === 1 ? '' : 's'}, got ${children.length}`, start + 1);
      }
      return { type: 'slot', kind: name, children };
    }
    return { type: 'op', op: name, children };
  };
  const root = node(0);
  skip();
  if (pos < text.length) throw new ShapeTextError(`unexpected '${text[pos]}' after the shape`, pos + 1);
  return root;
}
