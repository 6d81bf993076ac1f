import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { count, parseSpace } from '@actsearch/spaces';
import { repoSpaceText } from './repo-spaces.ts';

const alphabet = [
  'x',
  '(',
  ')',
  ',',
  ':',
  '-',
  ' ',
  '\n',
  '  ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '&a',
  '*a',
  'units',
  '0',
  '99',
  'beta',
  '^',
  '|',
];

function mutateText(text: string, rng: Rng): string {
  let out = text;
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.int(out.length + 1);
    const op = rng.int(3);
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1 + rng.int(8));
    else if (op === 1) out = out.slice(0, at) + rng.pick(alphabet) + out.slice(at);
    else {
      const from = rng.int(out.length);
      out = out.slice(0, at) + out.slice(from, from + 1 + rng.int(40)) + out.slice(at);
    }
  }
  return out;
}

describe('parseSpace on damaged files', () => {
  it('either reads a space or throws one ValidationError that names the file', () => {
    const rng = new Rng(2024);
    const texts = ['pangaea', 'swish-core2', 'tiny'].map(repoSpaceText);
    let valid = 0;
    for (let i = 0; i < 500; i++) {
      const text = mutateText(rng.pick(texts), rng);
      try {
        const space = parseSpace(text, 'fuzz.yaml');
        expect(count(space) >= 0n).toBe(true);
        valid++;
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).message).toMatch(/^fuzz\.yaml(:\d+)?: /);
        expect((err as ValidationError).fields.length).toBeGreaterThan(0);
      }
    }
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(500);
  });
});
