/**
 * Export of either kind of expression: an activation to any of its languages (`exportActivation`), a
 * layer to PyTorch or NumPy (`exportLayer`). A language the kind has no generator for is a
 * ValidationError on `lang` that names the languages it has.
 */
import type { ExpressionKind, ParsedExpression } from '../layer/expression-kind.ts';
import { exportActivation } from './index.ts';
import { LAYER_EXPORT_LANGS, exportLayer, type LayerExportLang } from './layer.ts';
import { EXPORT_LANGS, type ExportLang, type ExportOptions, type ExportResult } from './types.ts';

/** The languages an expression of this kind exports to, in the order menus show them. */
export function exportLangsOf(kind: ExpressionKind): readonly ExportLang[] {
  return kind === 'layer' ? LAYER_EXPORT_LANGS : EXPORT_LANGS;
}

/** Layers take `name` and `source` of the options; their parameters are always per channel. */
export function exportExpression(parsed: ParsedExpression, lang: ExportLang, options: ExportOptions = {}): ExportResult {
  if (parsed.kind === 'activation') return exportActivation(parsed.expr, lang, options);
  // exportLayer refuses any other language with a ValidationError on `lang`.
  return exportLayer(parsed.expr, lang as LayerExportLang, {
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.source === undefined ? {} : { source: options.source }),
  });
}
