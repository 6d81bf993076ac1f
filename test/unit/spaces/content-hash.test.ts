import { describe, expect, it } from 'vitest';
import { contentHash, normalizedSpec, parseSpace } from '@actsearch/spaces';
import { repoSpaceText } from './repo-spaces.ts';

const block = `id: demo
version: 1
title: Demo
operators:
  unary:
    identity: x
    beta_x: beta * x
  binary:
    add: x1 + x2
    max: max(x1, x2)
shapes:
  - binary(unary(x), unary(x))
  - units: { min: 1, max: 2 }
`;

// The same content: flow style, quoted keys, other spacing inside templates and shapes, comments,
// another title and version label.
const reformatted = `# a comment
{ "id": demo, version: "1", title: "Another title", source: somewhere,
  operators: { unary: { "identity": "x", beta_x: "beta*x" }, binary: { add: "x1+x2", max: "max( x1 ,x2 )" } },
  shapes: [ "binary(unary(x),unary(x))", { units: { max: 2, min: 1 } } ] }
`;

const hash = (text: string) => contentHash(parseSpace(text, 'demo.yaml'));

describe('contentHash', () => {
  it('is a SHA-256 hex digest, stable under YAML reformatting and descriptive fields', () => {
    expect(hash(block)).toMatch(/^[0-9a-f]{64}$/);
    expect(hash(reformatted)).toBe(hash(block));
  });

  it('changes when an operator, the operator order or a shape changes', () => {
    const variants = [
      block.replace('beta * x', 'beta * x + 1'),
      block.replace('max: max(x1, x2)', 'min: min(x1, x2)'),
      block.replace('    add: x1 + x2\n    max: max(x1, x2)', '    max: max(x1, x2)\n    add: x1 + x2'),
      block.replace('max: 2', 'max: 3'),
      block.replace('  - binary(unary(x), unary(x))\n', '  - binary(x, unary(x))\n'),
    ];
    const hashes = new Set([hash(block), ...variants.map(hash)]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('differs between the shipped spaces', () => {
    const ids = ['swish-core1', 'swish-core2', 'pangaea', 'tiny'];
    expect(new Set(ids.map((id) => contentHash(parseSpace(repoSpaceText(id), id)))).size).toBe(4);
    expect(normalizedSpec(parseSpace(block, 'demo.yaml'))).toMatchObject({
      format: 'actsearch-space/1',
      shapes: [
        ['tree', 'binary(unary(x),unary(x))'],
        ['units', 1, 2],
      ],
    });
  });
});
