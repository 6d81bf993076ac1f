import { describe, expect, it } from 'vitest';
import { parseShapeText, shapeNodeText, ShapeTextError } from '@actsearch/spaces';

describe('parseShapeText', () => {
  it('reads slots, fixed operators and x, ignoring spaces', () => {
    const root = parseShapeText(' binary( unary(x) , mul(x, unary(x)) ) ');
    expect(root).toEqual({
      type: 'slot',
      kind: 'binary',
      children: [
        { type: 'slot', kind: 'unary', children: [{ type: 'x' }] },
        { type: 'op', op: 'mul', children: [{ type: 'x' }, { type: 'slot', kind: 'unary', children: [{ type: 'x' }] }] },
      ],
    });
    expect(shapeNodeText(root)).toBe('binary(unary(x),mul(x,unary(x)))');
  });

  it.each([
    ['binary(unary(x))', "'binary' takes 2 arguments, got 1", 1],
    ['unary(x', "missing ')'", 8],
    ['unary(y)', "'y' needs arguments in parentheses (only x stands alone)", 7],
    ['x(unary(x))', "'x' is the input, not a function", 1],
    ['unary(x))', "unexpected ')' after the shape", 9],
    ['unary(x;x)', "expected ',' or ')', found ';'", 8],
    ['', 'expected x, a number, unary(…), binary(…) or an operator, found the end', 1],
    ['unary(1e999)', "'1e999' is not a finite number", 7],
  ])('rejects %j: %s', (text, reason, column) => {
    try {
      parseShapeText(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ShapeTextError);
      expect((err as ShapeTextError).reason).toBe(reason);
      expect((err as ShapeTextError).column).toBe(column);
    }
  });

  it('reads numbers as constants', () => {
    const root = parseShapeText('add(unary(x), -0.5)');
    expect(root).toEqual({
      type: 'op',
      op: 'add',
      children: [
        { type: 'slot', kind: 'unary', children: [{ type: 'x' }] },
        { type: 'const', value: -0.5 },
      ],
    });
    expect(shapeNodeText(root)).toBe('add(unary(x),-0.5)');
  });

  it('bounds nesting depth', () => {
    expect(() => parseShapeText(`${'unary('.repeat(40)}x${')'.repeat(40)}`)).toThrow(/nests at most 32/);
  });
});
