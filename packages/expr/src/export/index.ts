/**
 * Code export: renders an activation's AST as a complete, importable file for a framework. The code
 * comes from the op table's templates and from printed numbers and checked identifiers only, never
 * from the text the user typed.
 */
import type { Expr } from '../ast.ts';
import { exportJax } from './jax.ts';
import { exportKeras } from './keras.ts';
import { exportLatex } from './latex.ts';
import { exportNumpy } from './numpy.ts';
import { prepareExport, type ExportModel } from './prepare.ts';
import { exportPytorch } from './pytorch.ts';
import { exportTfjs } from './tfjs.ts';
import { exportTypescript } from './typescript.ts';
import { EXPORT_LANG_ALIASES, EXPORT_LANGS, type ExportLang, type ExportOptions, type ExportResult } from './types.ts';
import { ValidationError } from '@actsearch/core';

export { EXPORT_LANG_ALIASES, EXPORT_LANGS };
export type { ExportLang, ExportOptions, ExportResult, PerChannelOptions } from './types.ts';

const GENERATORS: Readonly<Record<ExportLang, (m: ExportModel) => ExportResult>> = {
  pytorch: exportPytorch,
  keras: exportKeras,
  jax: exportJax,
  tfjs: exportTfjs,
  numpy: exportNumpy,
  latex: exportLatex,
  typescript: exportTypescript,
};

export function isExportLang(lang: string): lang is ExportLang {
  return (EXPORT_LANGS as readonly string[]).includes(lang);
}

/** Throws ValidationError for an unknown language, an invalid expression or invalid options. */
export function exportActivation(expr: Expr, lang: ExportLang, options: ExportOptions = {}): ExportResult {
  if (!isExportLang(lang)) {
    throw new ValidationError(`unknown export language '${String(lang).slice(0, 40)}' (known: ${EXPORT_LANGS.join(', ')})`, [
      { path: 'lang', message: `must be one of ${EXPORT_LANGS.join(', ')}` },
    ]);
  }
  return GENERATORS[lang](prepareExport(expr, options));
}
