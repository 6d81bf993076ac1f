/**
 * PyTorch export: a functional form and an `nn.Module` whose trainable parameters are
 * `nn.Parameter`s (scalars, or one per channel). Uses only APIs present in PyTorch 1.13.
 */
import { commentBlock, headerLines } from './header.ts';
import { pyNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import { perChannelNote, pythonFile, pythonFunction } from './python-common.ts';
import type { ExportResult } from './types.ts';

const PER_CHANNEL = `def _per_channel(p: torch.Tensor, x: torch.Tensor, dim: int) -> torch.Tensor:
    """Reshapes a per-channel parameter so that it broadcasts along dimension \`dim\` of x."""
    if p.dim() == 0:
        return p
    shape = [1] * x.dim()
    shape[dim] = -1
    return p.view(shape)`;

export function exportPytorch(model: ExportModel): ExportResult {
  const f = pythonFunction(model, 'torch', ['_per_channel']);
  const names = model.params.map((p) => f.id(p.name));
  const fnBody = [
    `"""Functional form; ${names.length === 0 ? 'no trainable parameters' : `${names.join(', ')} may be floats or tensors that broadcast with x`}."""`,
    ...names.map((n) => `${n} = torch.as_tensor(${n}, dtype=x.dtype, device=x.device)`),
    model.usesX ? `return ${f.code}` : `return torch.zeros_like(x) + ${f.code}`,
  ];
  const fnDef = `def ${f.fn}(${f.signature.replace(/^x/, 'x: torch.Tensor')}) -> torch.Tensor:\n${fnBody.map((l) => `    ${l}`).join('\n')}`;

  const pc = model.perChannel;
  const classLines: string[] = [
    `class ${model.className}(nn.Module):`,
    `    """${model.params.length === 0 ? 'The activation as a module (no trainable parameters).' : `Trainable ${names.join(', ')}; pass channels=C to learn one value per channel along \`dim\`.`}"""`,
    '',
  ];
  if (model.params.length === 0) {
    classLines.push(
      '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
      `        return ${f.fn}(x)`,
    );
  } else {
    classLines.push(
      `    def __init__(self, channels: Optional[int] = ${pc ? String(pc.channels) : 'None'}, dim: int = ${pc ? String(pc.dim) : '1'}) -> None:`,
      '        super().__init__()',
      '        self.channels = channels',
      '        self.dim = dim',
      '        shape = () if channels is None else (channels,)',
      ...model.params.map((p) => `        self.${f.id(p.name)} = nn.Parameter(torch.full(shape, ${pyNumber(p.init)}))`),
      '',
      '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
      `        return ${f.fn}(x, ${names.map((n) => `${n}=_per_channel(self.${n}, x, self.dim)`).join(', ')})`,
      '',
      '    def extra_repr(self) -> str:',
      '        return "channels={}, dim={}".format(self.channels, self.dim)',
    );
  }
  const code = pythonFile([
    commentBlock('#', headerLines(model, 'PyTorch activation (nn.Module + functional form, PyTorch >= 1.13)', perChannelNote(model, 'dim'))),
    [...f.extraImports, ...(model.params.length > 0 ? ['from typing import Optional', ''] : []), 'import torch', 'import torch.nn.functional as F', 'from torch import nn'].join('\n'),
    f.helpers,
    model.params.length > 0 ? PER_CHANNEL : '',
    fnDef,
    classLines.join('\n'),
  ]);
  return { filename: `${f.fn}_${model.fingerprint.slice(0, 8)}_torch.py`, code, mimeType: 'text/x-python' };
}
