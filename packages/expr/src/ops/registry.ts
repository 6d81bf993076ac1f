import { activationOps } from './activation.ts';
import { arithOps } from './arith.ts';
import { resolveHelpers } from './code-helpers.ts';
import { elementaryOps } from './elementary.ts';
import { evonormOps } from './evonorm.ts';
import { kernelOps } from './kernel.ts';
import { specialOps } from './special.ts';
import { CODE_LANGS, type CodeLang, type OpDef } from './types.ts';

/** Close each op's helper list over the helpers' own dependencies, so exporters need not. */
function withResolvedHelpers(op: OpDef): OpDef {
  if (!op.helpers) return op;
  const helpers: Partial<Record<CodeLang, readonly string[]>> = {};
  for (const lang of CODE_LANGS) {
    const names = op.helpers[lang];
    if (names && names.length > 0) helpers[lang] = Object.freeze(resolveHelpers(lang, names));
  }
  return Object.freeze({ ...op, helpers: Object.freeze(helpers) });
}

const OPS: readonly OpDef[] = Object.freeze(
  [...arithOps, ...elementaryOps, ...specialOps, ...activationOps, ...kernelOps, ...evonormOps].map(withResolvedHelpers),
);

const BY_NAME = new Map<string, OpDef>();
for (const op of OPS) {
  for (const key of [op.name, ...op.aliases]) {
    if (BY_NAME.has(key)) throw new Error(`op table: '${key}' is defined twice`);
    BY_NAME.set(key, op);
  }
}

/** The op with this name or alias. */
export function getOp(name: string): OpDef | undefined {
  return BY_NAME.get(name);
}

/** Every op, in table order (by family). */
export function listOps(): readonly OpDef[] {
  return OPS;
}

const NAMES: readonly string[] = Object.freeze([...BY_NAME.keys()]);

/** Every name and alias that `getOp` accepts. */
export function opNames(): readonly string[] {
  return NAMES;
}
