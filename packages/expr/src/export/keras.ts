/**
 * TF/Keras export: a functional form and a `tf.keras.layers.Layer` subclass with `add_weight`
 * parameters and `get_config`, registered as Keras-serializable. Uses only APIs present in TF 2.12.
 */
import { commentBlock, headerLines } from './header.ts';
import { pyNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import { perChannelNote, pythonFile, pythonFunction } from './python-common.ts';
import type { ExportResult } from './types.ts';

const PER_CHANNEL = `def _per_channel(p, x, axis):
    """Reshapes a per-channel weight so that it broadcasts along \`axis\` of x."""
    if p.shape.rank == 0:
        return p
    shape = [1] * x.shape.rank
    shape[axis] = -1
    return tf.reshape(p, shape)`;

export function exportKeras(model: ExportModel): ExportResult {
  const f = pythonFunction(model, 'tf', ['_per_channel']);
  const names = model.params.map((p) => f.id(p.name));
  const fnBody = [
    `"""Functional form; ${names.length === 0 ? 'no trainable parameters' : `${names.join(', ')} may be floats or tensors that broadcast with x`}."""`,
    'x = tf.convert_to_tensor(x, dtype_hint=tf.float32)',
    ...names.map((n) => `${n} = tf.cast(${n}, x.dtype)`),
    model.usesX ? `return ${f.code}` : `return tf.zeros_like(x) + ${f.code}`,
  ];
  const fnDef = `def ${f.fn}(${f.signature}):\n${fnBody.map((l) => `    ${l}`).join('\n')}`;

  const pc = model.perChannel;
  const initArgs = model.params.map((p) => `${f.id(p.name)}_init=${pyNumber(p.init)}`);
  const lines: string[] = [
    '@tf.keras.utils.register_keras_serializable(package="actsearch")',
    `class ${model.className}(tf.keras.layers.Layer):`,
    `    """${names.length === 0 ? 'The activation as a Keras layer (no trainable parameters).' : `Trainable ${names.join(', ')}; pass channels=C to learn one value per channel along \`axis\`.`}"""`,
    '',
  ];
  if (names.length === 0) {
    lines.push('    def call(self, inputs):', `        return ${f.fn}(inputs)`);
  } else {
    lines.push(
      `    def __init__(self, channels=${pc ? String(pc.channels) : 'None'}, axis=${pc ? String(pc.dim) : '-1'}, ${initArgs.join(', ')}, **kwargs):`,
      '        super().__init__(**kwargs)',
      '        self.channels = channels',
      '        self.axis = axis',
      ...names.map((n) => `        self.${n}_init = ${n}_init`),
      '',
      '    def build(self, input_shape):',
      '        shape = () if self.channels is None else (self.channels,)',
      ...names.map(
        (n) =>
          `        self.${n} = self.add_weight(name="${n}", shape=shape, initializer=tf.keras.initializers.Constant(self.${n}_init), trainable=True)`,
      ),
      '        super().build(input_shape)',
      '',
      '    def call(self, inputs):',
      `        return ${f.fn}(inputs, ${names.map((n) => `${n}=_per_channel(self.${n}, inputs, self.axis)`).join(', ')})`,
      '',
      '    def get_config(self):',
      '        config = super().get_config()',
      `        config.update({"channels": self.channels, "axis": self.axis, ${names.map((n) => `"${n}_init": self.${n}_init`).join(', ')}})`,
      '        return config',
    );
  }
  const code = pythonFile([
    commentBlock(
      '#',
      headerLines(model, 'TensorFlow/Keras activation (Layer + functional form, TF >= 2.12)', perChannelNote(model, 'axis')),
    ),
    [...f.extraImports, 'import tensorflow as tf'].join('\n'),
    f.helpers,
    names.length > 0 ? PER_CHANNEL : '',
    fnDef,
    lines.join('\n'),
  ]);
  return { filename: `${f.fn}_${model.fingerprint.slice(0, 8)}_keras.py`, code, mimeType: 'text/x-python' };
}
