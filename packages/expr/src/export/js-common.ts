/** Pieces shared by the JavaScript-family exports (TF.js, TypeScript). */
import { codeHelpers } from '../ops/code-helpers.ts';
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
}

export function jsFunction(model: ExportModel, lang: CodeLang, reserved: readonly string[] = []): JsFunction {
  const fn = camelCase(model.baseName);
  const ids = safeIdentifiers(
    model.params.map((p) => p.name),
    'js',
    [fn, model.className, ...reserved, ...Object.keys(codeHelpers[lang])],
  );
  const id = (name: string): string => ids.get(name) ?? name;
  const rendered = renderCode(model.expr, { lang, number: jsNumber, paramId: id });
  return { fn, id, code: rendered.code, helpers: helperSource(lang, rendered.helpers) };
}

/** `{ beta: 1.5, alpha: 1 }` */
export function jsObject(entries: readonly (readonly [string, number])[]): string {
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${jsNumber(v)}`).join(', ')} }`;
}

export function jsFile(blocks: readonly string[]): string {
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n')}\n`;
}
