import { call, type CallNode, type Expr } from '../ast.ts';
import { ParseError, ValidationError } from '@actsearch/core';
import { parse, type ParseOptions } from '../parse.ts';
import { printWithDefaults } from '../print.ts';
import { paramsOf } from '../tree.ts';
import { getAggregate, type AggregateDef } from './aggregates.ts';
import { layerParamInit } from './layer-params.ts';

/** Largest group count a `group_*` aggregate may name (more groups than channels is never useful). */
export const MAX_GROUPS = 1024;

/** The aggregate calls of `e`, outermost first (each distinct call once, by printed text). */
export function aggregatesOf(e: Expr): { readonly node: CallNode; readonly def: AggregateDef; readonly key: string }[] {
  const out: { node: CallNode; def: AggregateDef; key: string }[] = [];
  const seen = new Set<string>();
  const walk = (n: Expr) => {
    if (n.kind !== 'call') return;
    const def = getAggregate(n.op);
    if (def) {
      const key = printLayer(n);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ node: n, def, key });
      }
    }
    n.args.forEach(walk);
  };
  walk(e);
  return out;
}

/** Whether `e` uses any statistic of the layer input (a layer expression does; an activation does not). */
export function isLayerExpr(e: Expr): boolean {
  return aggregatesOf(e).length > 0;
}

/** The group count of a `group_*` call: its second argument, a positive integer constant. */
export function groupsOf(node: CallNode): number {
  const g = node.args[1];
  return g?.kind === 'const' ? g.value : NaN;
}

/**
 * Checks what the grammar cannot: every `group_*` call names a constant positive integer group count,
 * and the expression uses at least one aggregate — an expression without one is an element-wise
 * activation, which belongs in an activation space, not a layer space. Throws ValidationError.
 */
export function validateLayer(e: Expr): void {
  const aggregates = aggregatesOf(e);
  if (aggregates.length === 0) {
    throw new ValidationError(`'${printLayer(e)}' is an element-wise activation, not a layer: it uses no statistic of its input`, [
      { path: 'expr', message: 'a layer expression needs an aggregate such as batch_var(x), instance_var(x) or group_var(x, 4)' },
    ]);
  }
  for (const { node, key } of aggregates) {
    if (node.args.length !== 2) continue;
    const g = groupsOf(node);
    if (!(Number.isInteger(g) && g >= 1 && g <= MAX_GROUPS)) {
      throw new ValidationError(`'${key}': the number of groups must be a whole number from 1 to ${MAX_GROUPS}`, [
        { path: 'expr', message: `${node.op}'s second argument is the constant group count` },
      ]);
    }
  }
}

/**
 * Parses a layer expression: the one expression syntax plus aggregates, per-channel parameters
 * (`gamma` 1, `beta` 0, `v` 1, `v0` 0, …) and `eps` (1e-5). Bad syntax throws ParseError; an
 * expression without aggregates or with a bad group count throws ValidationError (`validateLayer`).
 */
export function parseLayer(text: string, options: Omit<ParseOptions, 'layer'> = {}): Expr {
  const e = parse(text, { ...options, layer: true });
  validateLayer(e);
  return e;
}

/** `print` with the layer parameter defaults, so `parseLayer(printLayer(e))` equals `e`. */
export function printLayer(e: Expr): string {
  return printWithDefaults(e, layerParamInit);
}

/** Parameter names and initial values of a layer expression, in order of first appearance. */
export function layerParams(e: Expr): { readonly name: string; readonly init: number }[] {
  return paramsOf(e).map((p) => ({ name: p.name, init: p.init }));
}

/** A layer expression built from an aggregate name, for code that assembles layers (search spaces). */
export function aggregate(name: string, arg: Expr, groups?: number): Expr {
  const def = getAggregate(name);
  if (!def) throw new ParseError(`unknown aggregate '${name}'`, 1, name);
  return def.arity === 2 ? call(name, arg, { kind: 'const', value: groups ?? 1 }) : call(name, arg);
}
