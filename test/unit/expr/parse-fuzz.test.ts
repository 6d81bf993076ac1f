import { describe, expect, it } from 'vitest';
import { exprEquals, opNames, parse, print, Rng } from '@actsearch/expr';
import { ParseError } from '@actsearch/core';
import { randomExpr } from './random-expr.ts';

const ALPHABET = 'x+-*/^(),.;= 0123456789eEbetalphainfnpsigmoid_\t\n#@[]{}"\'\\é∞\u0000';

function randomString(rng: Rng): string {
  const length = rng.next() < 0.02 ? 4000 + rng.int(200) : rng.int(40);
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rng.next();
    if (r < 0.1) s += rng.pick(opNames());
    else if (r < 0.12) s += String.fromCharCode(rng.int(0x3000));
    else s += ALPHABET[rng.int(ALPHABET.length)];
  }
  return s;
}

/** A valid text with one to three random edits (delete, insert, swap, duplicate, truncate). */
function mutated(rng: Rng, valid: readonly string[]): string {
  let s = rng.pick(valid);
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const i = rng.int(s.length + 1);
    switch (rng.int(5)) {
      case 0:
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1:
        s = s.slice(0, i) + ALPHABET[rng.int(ALPHABET.length)] + s.slice(i);
        break;
      case 2:
        s = s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
        break;
      case 3:
        s = s.slice(0, i) + s.slice(i, i + 1 + rng.int(20)).repeat(1 + rng.int(30)) + s.slice(i);
        break;
      default:
        s = s.slice(0, i);
    }
  }
  return s;
}

describe('parse under fuzzing', () => {
  it('throws nothing but ParseError on 100,000 random and mutated strings, and reads back what it accepts', () => {
    const rng = new Rng(99);
    const valid = Array.from({ length: 300 }, () => print(randomExpr(rng, 1 + rng.int(6))));
    valid.push(
      `${'sin('.repeat(60)}x${')'.repeat(60)}`,
      '(((((((((x)))))))))',
      '-'.repeat(60) + 'x',
      'x * sigmoid(beta * x); beta = 1.5, alpha = 2',
    );
    let accepted = 0;
    let rejected = 0;
    let slowest = 0;
    for (let i = 0; i < 100_000; i++) {
      const text = i % 2 === 0 ? randomString(rng) : mutated(rng, valid);
      let e;
      const started = performance.now();
      try {
        e = parse(text);
      } catch (err) {
        slowest = Math.max(slowest, performance.now() - started);
        if (!(err instanceof ParseError)) throw new Error(`parse(${JSON.stringify(text)}) threw ${String(err)}`);
        if (!(err.column >= 1 && err.column <= text.length + 1)) throw new Error(`column ${err.column} outside ${JSON.stringify(text)}`);
        rejected++;
        continue;
      }
      slowest = Math.max(slowest, performance.now() - started);
      accepted++;
      if (accepted % 10 === 0 && !exprEquals(parse(print(e)), e)) throw new Error(`${JSON.stringify(text)} does not read back`);
    }
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(50_000);
    // A hang detector, not a speed target (bench/ has those): a parse takes ~20 µs, and no input
    // (up to 4,200 characters) may take a whole second.
    expect(slowest).toBeLessThan(1000);
  }, 180_000);
});
