/** Pieces shared by the Python exports (NumPy, PyTorch, Keras, JAX). */
import type { Expr } from '../ast.ts';
import { codeHelpers, resolveHelpers } from '../ops/code-helpers.ts';
import type { CodeLang } from '../ops/types.ts';
import { safeIdentifiers, snakeCase } from './identifiers.ts';
import { pyNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import { helperSource, renderCode } from './render.ts';

export interface PythonFunction {
  /** The function's name, e.g. `activation`. */
  readonly fn: string;
  /** Parameter name → identifier in the file. */
  readonly id: (name: string) => string;
  /** `x, beta=1.5` */
  readonly signature: string;
  /** The rendered expression over `x` and the parameter identifiers. */
  readonly code: string;
  /** The helper functions' source. */
  readonly helpers: string;
  /** Module imports the helpers need beyond the file's own (e.g. `import math`). */
  readonly extraImports: readonly string[];
  /** The rendered `extra` expressions (e.g. derivatives), in order; `helpers` covers them too. */
  readonly extraCode: readonly string[];
}

export function pythonFunction(
  model: ExportModel,
  lang: CodeLang,
  reserved: readonly string[] = [],
  extra: readonly Expr[] = [],
): PythonFunction {
  const fn = snakeCase(model.baseName);
  const ids = safeIdentifiers(
    model.params.map((p) => p.name),
    'python',
    [fn, ...reserved, ...Object.keys(codeHelpers[lang])],
  );
  const id = (name: string): string => ids.get(name) ?? name;
  const target = {
    lang,
    number: pyNumber,
    paramId: id,
    foldConstants: lang === 'torch' || lang === 'tf',
    ...(lang === 'torch' ? { constantArgument: torchConstantArgument } : {}),
  };
  const rendered = renderCode(model.expr, target);
  const others = extra.map((e) => renderCode(e, target));
  const helpers = helperSource(lang, resolveHelpers(lang, [...rendered.helpers, ...others.flatMap((o) => o.helpers)]));
  const extraImports = /\bmath\./.test(helpers) ? ['import math'] : [];
  const signature = ['x', ...model.params.map((p) => `${id(p.name)}=${pyNumber(p.init)}`)].join(', ');
  return { fn, id, signature, code: rendered.code, helpers, extraImports, extraCode: others.map((o) => o.code) };
}

/** Operators whose PyTorch code takes Python numbers anywhere: infix arithmetic, and max/min (which wrap both sides). */
const TORCH_NUMBER_SAFE = new Set(['add', 'sub', 'mul', 'div', 'pow', 'neg', 'identity', 'max', 'min']);

/**
 * torch functions reject Python numbers (`torch.exp(1.0)`, `torch.where(False, …)` are TypeErrors), so
 * a constant that an operator's code passes to one — its first argument, the one the code treats as
 * the tensor — becomes a tensor of x's dtype and device. Later arguments are coefficients (slopes,
 * exponents, kernel widths) that the code only multiplies or adds, which numbers do.
 */
export function torchConstantArgument(op: string, index: number, literal: string): string {
  return index === 0 && !TORCH_NUMBER_SAFE.has(op) ? `torch.as_tensor(${literal}, dtype=x.dtype, device=x.device)` : literal;
}

/** Joins non-empty top-level blocks with two blank lines (PEP 8) and ends the file with a newline. */
export function pythonFile(blocks: readonly string[]): string {
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n\n')}\n`;
}

/** `{"beta": 1.5, "alpha": 1.0}` */
export function pyDict(entries: readonly (readonly [string, number])[]): string {
  return `{${entries.map(([k, v]) => `"${k}": ${pyNumber(v)}`).join(', ')}}`;
}

export function perChannelNote(model: ExportModel, axisWord: string): string[] {
  if (model.perChannel === undefined) return [];
  return [`per-channel: ${model.perChannel.channels} channels on ${axisWord} ${model.perChannel.dim}`];
}
