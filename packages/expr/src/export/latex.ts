/** LaTeX export: the activation as a display formula, with its trainable parameters defined. */
import { commentBlock, headerLines } from './header.ts';
import { latexNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import { latexParamName, renderLatex } from './render.ts';
import type { ExportResult } from './types.ts';

export function exportLatex(model: ExportModel): ExportResult {
  const formula = renderLatex(model.expr);
  const lines = [
    commentBlock('%', headerLines(model, 'LaTeX formula (needs amsmath)')),
    '\\begin{equation}',
    `  f(x) = ${formula}`,
    '\\end{equation}',
  ];
  if (model.params.length > 0) {
    const defs = model.params.map((p) => `$${latexParamName(p.name)}$ (initial value $${latexNumber(p.init)}$)`);
    const list = defs.length === 1 ? defs[0] : `${defs.slice(0, -1).join(', ')} and ${defs[defs.length - 1]}`;
    lines.push(`where ${list} ${defs.length === 1 ? 'is a trainable parameter' : 'are trainable parameters'}.`);
  }
  return {
    filename: `${model.baseName}-${model.fingerprint.slice(0, 8)}.tex`,
    code: `${lines.join('\n')}\n`,
    mimeType: 'application/x-tex',
  };
}
