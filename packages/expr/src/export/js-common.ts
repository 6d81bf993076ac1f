/** Pieces shared by the JavaScript-family exports (TF.js, TypeScript). */
import type { Expr } from '../ast.ts';
import { codeHelpers, resolveHelpers } from '../ops/code-helpers.ts';
import type { CodeLang } from '../ops/types.ts';
import { camelCase, safeIdentifiers } from './identifiers.ts';
import { jsNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import { helperSource, renderCode } from './render.ts';

export interface JsFunction {
  readonly fn: string;
  readonly id: (name: string) => string;
  readonly code: string;
  readonly helpers: string;
  /** The rendered `extra` expressions (e.g. derivatives), in order; `helpers` covers them too. */
  readonly extraCode: readonly string[];
}

export function jsFunction(model: ExportModel, lang: CodeLang, reserved: readonly string[] = [], extra: readonly Expr[] = []): JsFunction {
  const fn = camelCase(model.baseName);
  const ids = safeIdentifiers(
    model.params.map((p) => p.name),
    'js',
    [fn, model.className, ...reserved, ...Object.keys(codeHelpers[lang])],
  );
  const id = (name: string): string => ids.get(name) ?? name;
  const target = { lang, number: jsNumber, paramId: id };
  const rendered = renderCode(model.expr, target);
  const others = extra.map((e) => renderCode(e, target));
  const helpers = helperSource(lang, resolveHelpers(lang, [...rendered.helpers, ...others.flatMap((o) => o.helpers)]));
  return { fn, id, code: rendered.code, helpers, extraCode: others.map((o) => o.code) };
}

/** `{ beta: 1.5, alpha: 1 }` */
export function jsObject(entries: readonly (readonly [string, number])[]): string {
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${jsNumber(v)}`).join(', ')} }`;
}

export function jsFile(blocks: readonly string[]): string {
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n')}\n`;
}
