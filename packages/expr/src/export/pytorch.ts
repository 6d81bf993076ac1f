/**
 * PyTorch export: a functional form and an `nn.Module` whose trainable parameters are
 * `nn.Parameter`s (scalars, or one per channel). Uses only APIs present in PyTorch 1.13.
 *
 * Autograd does not differentiate the formula: a `torch.autograd.Function` takes its gradient from
 * the engine's symbolic derivative, the one the engine trains with. Differentiating the formula would
 * multiply a branch that torch.where or torch.minimum did not select by a zero gradient, and 0·∞ =
 * NaN where that branch overflows (min(expm1(x), relu(x)) at x > 88 in float32); the symbolic
 * derivative selects between the branches' slopes instead (the "double where", made structural).
 */
import { derivative } from '../derivative.ts';
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

const SUM_TO = `def _sum_to(t: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Sums a broadcast gradient back to the shape of the tensor it belongs to."""
    while t.dim() > like.dim():
        t = t.sum(0)
    for i, n in enumerate(like.shape):
        if n == 1 and t.shape[i] != 1:
            t = t.sum(i, keepdim=True)
    return t`;

export function exportPytorch(model: ExportModel): ExportResult {
  const slopes = [derivative(model.expr, 'x'), ...model.params.map((p) => derivative(model.expr, p.name))];
  const f = pythonFunction(model, 'torch', ['_per_channel', '_sum_to', '_Gradient', '_value', '_slopes'], slopes);
  const names = model.params.map((p) => f.id(p.name));
  const args = ['x', ...names].join(', ');
  const shaped = (code: string) => `torch.zeros_like(x) + ${code}`;
  const valueDef = [`def _value(${args}):`, `    return ${model.usesX ? f.code : shaped(f.code)}`].join('\n');
  const slopesDef = [
    `def _slopes(${args}):`,
    '    """The symbolic derivatives with respect to x and to each parameter, shaped like x."""',
    `    return (${f.extraCode.map(shaped).join(', ')},)`,
  ].join('\n');
  const gradientDef = [
    'class _Gradient(torch.autograd.Function):',
    '    """The value, with its gradient from the symbolic derivative (which selects branches: no 0 * inf)."""',
    '',
    '    @staticmethod',
    `    def forward(ctx, ${args}):`,
    `        ctx.save_for_backward(${args})`,
    `        return _value(${args})`,
    '',
    '    @staticmethod',
    '    def backward(ctx, grad):',
    '        saved = ctx.saved_tensors',
    '        slopes = _slopes(*saved)',
    '        return tuple(_sum_to(grad * s, t) for s, t in zip(slopes, saved))',
  ].join('\n');
  const fnBody = [
    `"""Functional form; ${names.length === 0 ? 'no trainable parameters' : `${names.join(', ')} may be floats or tensors that broadcast with x`}."""`,
    ...names.map((n) => `${n} = torch.as_tensor(${n}, dtype=x.dtype, device=x.device)`),
    `return _Gradient.apply(${args})`,
  ];
  const fnDef = `def ${f.fn}(${f.signature.replace(/^x/, 'x: torch.Tensor')}) -> torch.Tensor:\n${fnBody.map((l) => `    ${l}`).join('\n')}`;

  const pc = model.perChannel;
  const classLines: string[] = [
    `class ${model.className}(nn.Module):`,
    `    """${model.params.length === 0 ? 'The activation as a module (no trainable parameters).' : `Trainable ${names.join(', ')}; pass channels=C to learn one value per channel along \`dim\`.`}"""`,
    '',
  ];
  if (model.params.length === 0) {
    classLines.push('    def forward(self, x: torch.Tensor) -> torch.Tensor:', `        return ${f.fn}(x)`);
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
    commentBlock(
      '#',
      headerLines(model, 'PyTorch activation (nn.Module + functional form, PyTorch >= 1.13)', perChannelNote(model, 'dim')),
    ),
    [
      ...f.extraImports,
      ...(model.params.length > 0 ? ['from typing import Optional', ''] : []),
      'import torch',
      'import torch.nn.functional as F',
      'from torch import nn',
    ].join('\n'),
    f.helpers,
    model.params.length > 0 ? PER_CHANNEL : '',
    SUM_TO,
    valueDef,
    slopesDef,
    gradientDef,
    fnDef,
    classLines.join('\n'),
  ]);
  return { filename: `${f.fn}_${model.fingerprint.slice(0, 8)}_torch.py`, code, mimeType: 'text/x-python' };
}
