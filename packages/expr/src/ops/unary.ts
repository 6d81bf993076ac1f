import type { Expr } from '../ast.ts';
import { defineOp, type OpSpec } from './define.ts';
import { arg, callT } from './template.ts';
import type { CodeLang, OpDef, OpFamily } from './types.ts';

/** A one-argument op whose code in every language is a single function call. */
export function unaryFn(spec: {
  name: string;
  family: OpFamily;
  summary: string;
  f64: (a: number) => number;
  f32?: (a: number) => number;
  derivative: (a: Expr) => Expr;
  /** Selection form of the chain rule (OpDef.chain), from the argument and its derivative. */
  chain?: (a: Expr, d: Expr) => Expr;
  latex: (a: string) => string;
  fns: Readonly<Record<CodeLang, string>>;
  helpers?: OpSpec['helpers'];
  aliases?: readonly string[];
}): OpDef {
  const { fns } = spec;
  return defineOp({
    name: spec.name,
    arity: 1,
    family: spec.family,
    summary: spec.summary,
    f64: spec.f64,
    ...(spec.f32 ? { f32: spec.f32 } : {}),
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    helpers: spec.helpers ?? helpersOf(fns),
    partials: ([a]) => [spec.derivative(a!)],
    ...(spec.chain ? { chain: ([a]: readonly Expr[], [d]: readonly Expr[]) => (spec.chain as (a: Expr, d: Expr) => Expr)(a!, d!) } : {}),
    latex: (a) => spec.latex(arg(a, 0)),
    code: {
      numpy: callT(fns.numpy),
      torch: callT(fns.torch),
      tf: callT(fns.tf),
      jax: callT(fns.jax),
      tfjs: callT(fns.tfjs),
      ts: callT(fns.ts),
    },
  });
}

/** Helper names used by the templates of `fns`: every name starting with `_`. */
export function helpersOf(fns: Readonly<Record<CodeLang, string>>): OpSpec['helpers'] {
  const out: Partial<Record<CodeLang, readonly string[]>> = {};
  for (const [lang, name] of Object.entries(fns) as [CodeLang, string][]) if (name.startsWith('_')) out[lang] = [name];
  return out;
}
