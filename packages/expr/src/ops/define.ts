import type { CodeLang, CodeTemplate, OpDef } from './types.ts';

/** An op as written in a family file: `f32` defaults to the float32 rounding of `f64`. */
export type OpSpec = Omit<OpDef, 'f32' | 'aliases'> & {
  readonly f32?: OpDef['f32'];
  readonly aliases?: readonly string[];
};

export function defineOp(spec: OpSpec): OpDef {
  const f64 = spec.f64;
  return {
    ...spec,
    aliases: spec.aliases ?? [],
    f32: spec.f32 ?? ((...a: number[]) => Math.fround(f64(...a))),
  };
}

/** The same template for the four Python targets, and its own for tfjs and ts. */
export function pyCode(
  python: CodeTemplate | Readonly<Record<'numpy' | 'torch' | 'tf' | 'jax', CodeTemplate>>,
  tfjs: CodeTemplate,
  ts: CodeTemplate,
): Readonly<Record<CodeLang, CodeTemplate>> {
  if (typeof python === 'function') return { numpy: python, torch: python, tf: python, jax: python, tfjs, ts };
  return { ...python, tfjs, ts };
}

/** Float32 rounding, the step of every float32 evaluation. */
export const r = Math.fround;
