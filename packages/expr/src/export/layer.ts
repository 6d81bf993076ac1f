/**
 * Export of a layer expression (`parseLayer`) to PyTorch (an `nn.Module`) and NumPy (a class with the
 * same interface): per-channel parameters, running averages of the batch statistics as state
 * (PyTorch buffers), and BatchNorm's modes — `train()`: batch statistics, running averages updated
 * with momentum 0.1; `eval()`: the running averages. Inputs are N×C×… (N×C after a linear layer,
 * N×C×H×W after a convolution); statistics follow expr's evaluateLayer exactly (biased variance, the
 * running variance averaging that same variance). Element-wise ops come from the op table's templates.
 *
 * PyTorch's autograd differentiates the formula (unlike the activation export, no custom backward):
 * aggregates make the derivative non-local, and autograd's rules for mean/var are exact.
 */
import type { Expr } from '../ast.ts';
import { ValidationError } from '@actsearch/core';
import { canonicalize } from '../canonical.ts';
import { getAggregate } from '../layer/aggregates.ts';
import { groupsOf, printLayer, validateLayer } from '../layer/layer-expr.ts';
import { layerFingerprint } from '../layer/fingerprint-layer.ts';
import { RUNNING_MOMENTUM } from '../layer/running-stats.ts';
import { resolveHelpers } from '../ops/code-helpers.ts';
import { getOp } from '../ops/registry.ts';
import { paramsOf } from '../tree.ts';
import { commentBlock } from './header.ts';
import { pascalCase, safeIdentifiers } from './identifiers.ts';
import { commentText, pyNumber } from './literals.ts';
import { pythonFile, torchConstantArgument } from './python-common.ts';
import { helperSource } from './render.ts';
import type { ExportResult } from './types.ts';

export type LayerExportLang = 'pytorch' | 'numpy';
export const LAYER_EXPORT_LANGS: readonly LayerExportLang[] = ['pytorch', 'numpy'];

export interface LayerExportOptions {
  /** Class name stem (default `ActsearchLayer`). */
  readonly name?: string;
  readonly source?: string;
}

const STAT_NUMPY = `def _stat(a, x, axis, stat, groups=1):
    """A statistic of a (broadcast to x's shape) over one axis kind, keeping dimensions that broadcast."""
    a = a + np.zeros_like(x)
    shape = a.shape
    if axis == "group":
        a = a.reshape((shape[0], groups, shape[1] // groups) + shape[2:])
        axes = tuple(range(2, a.ndim))
    elif axis == "batch":
        axes = (0,) + tuple(range(2, a.ndim))
    elif axis == "instance":
        axes = tuple(range(2, a.ndim))
    else:
        axes = tuple(range(1, a.ndim))
    if not axes:  # instance statistics without positions: every element is its own cell
        return a if stat == "mean" else np.zeros_like(a)
    m = a.mean(axis=axes, keepdims=True)
    s = m if stat == "mean" else ((a - m) ** 2).mean(axis=axes, keepdims=True)
    return np.broadcast_to(s, a.shape).reshape(shape) if axis == "group" else s`;

const STAT_TORCH = `def _stat(a: torch.Tensor, x: torch.Tensor, axis: str, stat: str, groups: int = 1) -> torch.Tensor:
    """A statistic of a (broadcast to x's shape) over one axis kind, keeping dimensions that broadcast."""
    a = a + torch.zeros_like(x)
    shape = tuple(a.shape)
    if axis == "group":
        a = a.reshape((shape[0], groups, shape[1] // groups) + shape[2:])
        dims = tuple(range(2, a.dim()))
    elif axis == "batch":
        dims = (0,) + tuple(range(2, a.dim()))
    elif axis == "instance":
        dims = tuple(range(2, a.dim()))
    else:
        dims = tuple(range(1, a.dim()))
    if not dims:  # instance statistics without positions: every element is its own cell
        return a if stat == "mean" else torch.zeros_like(a)
    m = a.mean(dim=dims, keepdim=True)
    s = m if stat == "mean" else ((a - m) ** 2).mean(dim=dims, keepdim=True)
    return s.expand(a.shape).reshape(shape) if axis == "group" else s`;

interface Rendered {
  readonly code: string;
  /** Assignments of the batch statistics, in order (each may use earlier ones). */
  readonly statements: readonly string[];
  readonly batchKeys: readonly { readonly key: string; readonly stat: 'mean' | 'var' }[];
  readonly helpers: readonly string[];
}

function isConstantTree(e: Expr): boolean {
  return e.kind === 'const' || (e.kind === 'call' && !getAggregate(e.op) && e.args.every(isConstantTree));
}

function render(e: Expr, lang: 'torch' | 'numpy', id: (name: string) => string): Rendered {
  const statements: string[] = [];
  const batchKeys: { key: string; stat: 'mean' | 'var' }[] = [];
  const helpers: string[] = [];
  const walk = (n: Expr): string => {
    switch (n.kind) {
      case 'var':
        return 'x';
      case 'const':
        return pyNumber(n.value);
      case 'param':
        return id(n.name);
      case 'call': {
        const def = getAggregate(n.op);
        if (def) {
          const arg = walk(n.args[0] as Expr);
          if (def.axis !== 'batch') {
            return `_stat(${arg}, x, "${def.axis}", "${def.stat}"${def.arity === 2 ? `, ${groupsOf(n)}` : ''})`;
          }
          const key = printLayer(n);
          let k = batchKeys.findIndex((b) => b.key === key);
          if (k < 0) {
            k = batchKeys.length;
            batchKeys.push({ key, stat: def.stat });
            statements.push(`s${k} = self._batch(${k}, ${arg}, x)`);
          }
          return `s${k}`;
        }
        const op = getOp(n.op);
        if (!op)
          throw new ValidationError(`cannot export: unknown operator '${commentText(n.op, 40)}'`, [
            { path: 'expr', message: 'unknown operator' },
          ]);
        for (const h of op.helpers?.[lang] ?? []) if (!helpers.includes(h)) helpers.push(h);
        const args = n.args.map((a, i) => {
          const code = walk(a);
          return lang === 'torch' && isConstantTree(a) ? torchConstantArgument(n.op, i, code) : code;
        });
        return op.code[lang](args);
      }
    }
  };
  const code = walk(e);
  return { code, statements, batchKeys, helpers: resolveHelpers(lang, helpers) };
}

/** Throws ValidationError for an expression that is not a layer or an unknown language. */
export function exportLayer(e: Expr, lang: LayerExportLang, options: LayerExportOptions = {}): ExportResult {
  if (!LAYER_EXPORT_LANGS.includes(lang)) {
    throw new ValidationError(`layers export to ${LAYER_EXPORT_LANGS.join(' and ')}, not '${commentText(String(lang), 40)}'`, [
      { path: 'lang', message: `must be one of ${LAYER_EXPORT_LANGS.join(', ')}` },
    ]);
  }
  if (options.name !== undefined && !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(options.name)) {
    throw new ValidationError('cannot export: the name must be an identifier', [
      { path: 'options.name', message: 'must be an identifier' },
    ]);
  }
  validateLayer(e);
  const torch = lang === 'pytorch';
  const params = paramsOf(e).map((p) => ({ name: p.name, init: p.init }));
  const ids = safeIdentifiers(
    params.map((p) => p.name),
    'python',
    ['x', 'self', 'torch', 'np', 'nn', 'F', 'math', '_stat', 'channels', 'momentum'],
  );
  const id = (name: string) => ids.get(name) ?? name;
  const r = render(e, torch ? 'torch' : 'numpy', id);
  const className = options.name === undefined ? 'ActsearchLayer' : pascalCase(options.name);
  const fingerprint = layerFingerprint(e);
  const helperCode = helperSource(torch ? 'torch' : 'numpy', r.helpers);
  const header = commentBlock('#', [
    `${torch ? 'PyTorch nn.Module (PyTorch >= 1.13)' : 'NumPy class'} of a normalization-activation layer, generated by actsearch from the expression's syntax tree.`,
    `expression:  ${commentText(printLayer(e), 2000)}`,
    `canonical:   ${commentText(printLayer(canonicalize(e)), 2000)}`,
    `fingerprint: ${fingerprint} (layer fingerprint)`,
    `parameters:  ${params.length === 0 ? 'none' : params.map((p) => `${p.name} = ${p.init}`).join(', ')} (per channel, trainable, initial values)`,
    `running statistics: ${r.batchKeys.length === 0 ? 'none (batch-independent)' : r.batchKeys.map((b, k) => `running_${k} = ${b.key}`).join(', ')}`,
    'input: N x C (after a linear layer) or N x C x H x W (after a convolution); channels on dimension 1.',
    ...(options.source === undefined ? [] : [`source:      ${commentText(options.source)}`]),
  ]);
  const keys = `(${r.batchKeys.map((b) => JSON.stringify(b.key)).join(', ')}${r.batchKeys.length === 1 ? ',' : ''})`;
  const stats = `(${r.batchKeys.map((b) => `"${b.stat}"`).join(', ')}${r.batchKeys.length === 1 ? ',' : ''})`;
  const lines: string[] = [];
  if (torch) {
    lines.push(
      `class ${className}(nn.Module):`,
      '    """train(): batch statistics, running averages updated; eval(): the running averages."""',
      '',
      `    RUNNING_KEYS = ${keys}`,
      `    RUNNING_STATS = ${stats}`,
      '',
      `    def __init__(self, channels: int, momentum: float = ${pyNumber(RUNNING_MOMENTUM)}) -> None:`,
      '        super().__init__()',
      '        self.channels = channels',
      '        self.momentum = momentum',
      ...params.map((p) => `        self.${id(p.name)} = nn.Parameter(torch.full((channels,), ${pyNumber(p.init)}))`),
      '        for k, stat in enumerate(self.RUNNING_STATS):',
      '            init = torch.zeros(channels) if stat == "mean" else torch.ones(channels)',
      '            self.register_buffer("running_%d" % k, init)',
      '',
      '    @staticmethod',
      '    def _per_channel(p: torch.Tensor, x: torch.Tensor) -> torch.Tensor:',
      '        return p.view((1, -1) + (1,) * (x.dim() - 2))',
      '',
      '    def _batch(self, k: int, a: torch.Tensor, x: torch.Tensor) -> torch.Tensor:',
      '        running = getattr(self, "running_%d" % k)',
      '        if not self.training:',
      '            return self._per_channel(running, x)',
      '        s = _stat(a, x, "batch", self.RUNNING_STATS[k])',
      '        with torch.no_grad():',
      '            running.mul_(1.0 - self.momentum).add_(s.reshape(-1), alpha=self.momentum)',
      '        return s',
      '',
      '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
      ...params.map((p) => `        ${id(p.name)} = self._per_channel(self.${id(p.name)}, x)`),
      ...r.statements.map((s) => `        ${s}`),
      `        return ${r.code}`,
      '',
      '    def extra_repr(self) -> str:',
      '        return "channels={}, momentum={}".format(self.channels, self.momentum)',
    );
  } else {
    lines.push(
      `class ${className}:`,
      '    """Float64. train(): batch statistics, running averages updated; eval(): the running averages."""',
      '',
      `    RUNNING_KEYS = ${keys}`,
      `    RUNNING_STATS = ${stats}`,
      '',
      `    def __init__(self, channels, momentum=${pyNumber(RUNNING_MOMENTUM)}):`,
      '        self.channels = channels',
      '        self.momentum = momentum',
      '        self.training = True',
      ...params.map((p) => `        self.${id(p.name)} = np.full((channels,), ${pyNumber(p.init)})`),
      '        self.running = [np.zeros(channels) if s == "mean" else np.ones(channels) for s in self.RUNNING_STATS]',
      '',
      '    def train(self, mode=True):',
      '        self.training = mode',
      '        return self',
      '',
      '    def eval(self):',
      '        return self.train(False)',
      '',
      '    @staticmethod',
      '    def _per_channel(p, x):',
      '        return np.asarray(p, dtype=np.float64).reshape((1, -1) + (1,) * (x.ndim - 2))',
      '',
      '    def _batch(self, k, a, x):',
      '        if not self.training:',
      '            return self._per_channel(self.running[k], x)',
      '        s = _stat(a, x, "batch", self.RUNNING_STATS[k])',
      '        self.running[k] = (1.0 - self.momentum) * self.running[k] + self.momentum * s.reshape(-1)',
      '        return s',
      '',
      '    def __call__(self, x):',
      '        x = np.asarray(x, dtype=np.float64)',
      ...params.map((p) => `        ${id(p.name)} = self._per_channel(self.${id(p.name)}, x)`),
      '        with np.errstate(all="ignore"):',
      ...r.statements.map((s) => `            ${s}`),
      `            return ${r.code}`,
    );
  }
  const imports = torch ? ['import torch', 'import torch.nn.functional as F', 'from torch import nn'] : ['import numpy as np'];
  if (/\bmath\./.test(helperCode)) imports.unshift('import math');
  const code = pythonFile([header, imports.join('\n'), helperCode, torch ? STAT_TORCH : STAT_NUMPY, lines.join('\n')]);
  return {
    filename: `layer_${fingerprint.slice(0, 8)}${torch ? '_torch' : ''}.py`,
    code,
    mimeType: 'text/x-python',
  };
}
