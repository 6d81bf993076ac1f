/** JAX export: a pure `jax.numpy` function and a Flax `nn.Module` with the parameters as `self.param`s. */
import { commentBlock, headerLines } from './header.ts';
import { pyNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import { perChannelNote, pythonFile, pythonFunction } from './python-common.ts';
import type { ExportResult } from './types.ts';

const PER_CHANNEL = `def _per_channel(p, x, axis):
    """Reshapes a per-channel parameter so that it broadcasts along \`axis\` of x."""
    if p.ndim == 0:
        return p
    shape = [1] * x.ndim
    shape[axis] = -1
    return jnp.reshape(p, shape)`;

export function exportJax(model: ExportModel): ExportResult {
  const f = pythonFunction(model, 'jax', ['_per_channel', 'nn']);
  const names = model.params.map((p) => f.id(p.name));
  const fnBody = [
    `"""Pure function (jit/grad/vmap-able); ${names.length === 0 ? 'no trainable parameters' : `${names.join(', ')} may be floats or arrays that broadcast with x`}."""`,
    'x = jnp.asarray(x)',
    'if not jnp.issubdtype(x.dtype, jnp.floating):',
    '    x = x.astype(jnp.float32)',
    ...names.map((n) => `${n} = jnp.asarray(${n}, dtype=x.dtype)`),
    model.usesX ? `return ${f.code}` : `return jnp.zeros_like(x) + ${f.code}`,
  ];
  const fnDef = `def ${f.fn}(${f.signature}):\n${fnBody.map((l) => `    ${l}`).join('\n')}`;

  const pc = model.perChannel;
  const lines: string[] = [
    `class ${model.className}(nn.Module):`,
    `    """${names.length === 0 ? 'The activation as a Flax module (no parameters).' : `Trainable ${names.join(', ')}; set channels=C to learn one value per channel along \`axis\`.`}"""`,
    '',
  ];
  if (names.length > 0) {
    lines.push(
      `    channels: Optional[int] = ${pc ? String(pc.channels) : 'None'}`,
      `    axis: int = ${pc ? String(pc.dim) : '-1'}`,
      ...model.params.map((p) => `    ${f.id(p.name)}_init: float = ${pyNumber(p.init)}`),
      '',
    );
  }
  lines.push('    @nn.compact', '    def __call__(self, x):');
  if (names.length === 0) {
    lines.push(`        return ${f.fn}(x)`);
  } else {
    lines.push(
      '        shape = () if self.channels is None else (self.channels,)',
      ...names.map((n) => `        ${n} = self.param("${n}", nn.initializers.constant(self.${n}_init), shape)`),
      `        return ${f.fn}(x, ${names.map((n) => `${n}=_per_channel(${n}, x, self.axis)`).join(', ')})`,
    );
  }
  const code = pythonFile([
    commentBlock('#', headerLines(model, 'JAX activation (pure function + Flax linen Module)', perChannelNote(model, 'axis'))),
    [
      ...f.extraImports,
      ...(names.length > 0 ? ['from typing import Optional', ''] : []),
      'import jax',
      'import jax.numpy as jnp',
      'import jax.scipy.special',
      'from flax import linen as nn',
    ].join('\n'),
    f.helpers,
    names.length > 0 ? PER_CHANNEL : '',
    fnDef,
    lines.join('\n'),
  ]);
  return { filename: `${f.fn}_${model.fingerprint.slice(0, 8)}_jax.py`, code, mimeType: 'text/x-python' };
}
