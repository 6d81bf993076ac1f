/** NumPy export: `activation(x, beta=…)`, float64 throughout, with the helpers it needs. */
import { commentBlock, headerLines } from './header.ts';
import type { ExportModel } from './prepare.ts';
import { pythonFile, pythonFunction } from './python-common.ts';
import type { ExportResult } from './types.ts';

export function exportNumpy(model: ExportModel): ExportResult {
  const f = pythonFunction(model, 'numpy');
  const names = model.params.map((p) => f.id(p.name));
  const doc =
    names.length === 0
      ? '"""Evaluates the activation element-wise in float64."""'
      : `"""Evaluates the activation element-wise in float64; ${names.join(', ')} may be scalars or arrays that broadcast with x."""`;
  const body = [
    doc,
    'x = np.asarray(x, dtype=np.float64)',
    ...names.map((n) => `${n} = np.asarray(${n}, dtype=np.float64)`),
    'with np.errstate(all="ignore"):',
    model.usesX ? `    return ${f.code}` : `    return np.zeros_like(x) + ${f.code}`,
  ];
  const code = pythonFile([
    commentBlock('#', headerLines(model, 'NumPy activation function')),
    [...f.extraImports, 'import numpy as np'].join('\n'),
    f.helpers,
    `def ${f.fn}(${f.signature}):\n${body.map((l) => `    ${l}`).join('\n')}`,
  ]);
  return { filename: `${f.fn}_${model.fingerprint.slice(0, 8)}.py`, code, mimeType: 'text/x-python' };
}
