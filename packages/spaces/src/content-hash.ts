/**
 * The identity of a space's content: SHA-256 of a normalized form of what defines its members and
 * their genomes, namely the operators (name, parsed template, in order, since genomes index them) and
 * the shape specs. YAML formatting, key quoting, spacing inside templates, and the descriptive fields
 * (title, source, description, version label) do not change it; any change to an operator or shape does.
 */
import type { Expr } from '@actsearch/expr';
import { shapeNodeText } from './build-space.ts';
import { sha256Hex } from './sha256.ts';
import type { SearchSpace } from './space.ts';

const FORMAT = 'actsearch-space/1';

function exprData(e: Expr): unknown {
  switch (e.kind) {
    case 'var':
      return ['var', e.name];
    case 'const':
      return ['const', Object.is(e.value, -0) ? '-0' : String(e.value)];
    case 'param':
      return ['param', e.name, String(e.init)];
    case 'call':
      return ['call', e.op, ...e.args.map(exprData)];
  }
}

/** The normalized content that contentHash hashes (exported so a person can see what counts). */
export function normalizedSpec(space: SearchSpace): unknown {
  return {
    format: FORMAT,
    // Only layer spaces carry a kind, so every activation space keeps the hash it always had.
    ...(space.kind === 'layer' ? { kind: 'layer' } : {}),
    unary: space.unary.map((o) => [o.name, exprData(o.template)]),
    binary: space.binary.map((o) => [o.name, exprData(o.template)]),
    shapes: space.shapeSpecs.map((s) => (s.type === 'tree' ? ['tree', shapeNodeText(s.root)] : ['units', s.min, s.max])),
  };
}

const cache = new WeakMap<SearchSpace, string>();

export function contentHash(space: SearchSpace): string {
  let hash = cache.get(space);
  if (hash === undefined) {
    hash = sha256Hex(JSON.stringify(normalizedSpec(space)));
    cache.set(space, hash);
  }
  return hash;
}
