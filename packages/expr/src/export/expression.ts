/**
 * Export of either kind of candidate: an activation to any of its languages (`exportActivation`), a
 * layer to PyTorch or NumPy (`exportLayer`). A language the kind has no generator for is a
 * ValidationError on `lang` that names the languages it has.
 */
import type { Expr } from '../ast.ts';
import type { CandidateKind } from '../candidate-kind.ts';
import { exportActivation } from './index.ts';
import { LAYER_EXPORT_LANGS, exportLayer, type LayerExportLang } from './layer.ts';
import { EXPORT_LANGS, type ExportLang, type ExportOptions, type ExportResult } from './types.ts';

/** The languages a candidate of this kind exports to, in the order menus show them. */
export function exportLangsOf(kind: CandidateKind): readonly ExportLang[] {
  return kind === 'layer' ? LAYER_EXPORT_LANGS : EXPORT_LANGS;
}

/** `parseCandidate`'s AST as a file. Layers take `name` and `source` of the options; their parameters are always per channel. */
export function exportCandidate(e: Expr, kind: CandidateKind, lang: ExportLang, options: ExportOptions = {}): ExportResult {
  if (kind === 'activation') return exportActivation(e, lang, options);
  // exportLayer refuses any other language with a ValidationError on `lang`.
  return exportLayer(e, lang as LayerExportLang, {
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
}
