/**
 * TF.js export: a plain function over tensors and a custom `tf.layers.Layer` subclass that is
 * serializable (`static className` + `tf.serialization.registerClass`). An ES module in JavaScript.
 */
import { commentBlock, headerLines } from './header.ts';
import { jsFile, jsFunction, jsObject } from './js-common.ts';
import { jsNumber } from './literals.ts';
import type { ExportModel } from './prepare.ts';
import type { ExportResult } from './types.ts';

const PER_CHANNEL = `/** Reshapes a per-channel weight so that it broadcasts along \`axis\` of x. */
function perChannel(p, x, axis) {
  if (p.rank === 0) return p;
  const shape = new Array(x.rank).fill(1);
  shape[axis < 0 ? x.rank + axis : axis] = -1;
  return tf.reshape(p, shape);
}`;

export function exportTfjs(model: ExportModel): ExportResult {
  const f = jsFunction(model, 'tfjs', ['perChannel']);
  const names = model.params.map((p) => f.id(p.name));
  const defaults = jsObject(model.params.map((p) => [f.id(p.name), p.init]));
  const result = model.usesX ? f.code : `tf.add(tf.zerosLike(x), ${f.code})`;
  const fnDoc =
    names.length === 0
      ? '/** Applies the activation element-wise to a tensor (inside its own tf.tidy). */'
      : `/**\n * Applies the activation element-wise to a tensor (inside its own tf.tidy).\n * @param params ${names.join(', ')}: numbers or tensors that broadcast with x; defaults in \`defaultParams\`.\n */`;
  const fnDef =
    names.length === 0
      ? `${fnDoc}\nexport function ${f.fn}(x) {\n  return tf.tidy(() => ${result});\n}`
      : [
          fnDoc,
          `export function ${f.fn}(x, params = {}) {`,
          '  return tf.tidy(() => {',
          ...names.map((n) => `    const ${n} = params.${n} ?? defaultParams.${n};`),
          `    return ${result};`,
          '  });',
          '}',
        ].join('\n');

  const pc = model.perChannel;
  const cls = model.layer
    ? [
        `/** The activation as a layer${names.length === 0 ? '' : `; trainable ${names.join(', ')}, one value per channel along \`axis\` when \`channels\` is set`}. */`,
        `export class ${model.className} extends tf.layers.Layer {`,
        `  static className = '${model.className}';`,
        '',
        '  constructor(config = {}) {',
        '    super(config);',
        '    this.supportsMasking = true;',
        ...(names.length === 0
          ? []
          : [
              `    this.channels = config.channels ?? ${pc ? String(pc.channels) : 'null'};`,
              `    this.axis = config.axis ?? ${pc ? String(pc.dim) : '-1'};`,
              ...model.params.map((p) => `    this.${f.id(p.name)}Init = config.${f.id(p.name)}Init ?? ${jsNumber(p.init)};`),
            ]),
        '  }',
        ...(names.length === 0
          ? []
          : [
              '',
              '  build(inputShape) {',
              '    const shape = this.channels == null ? [] : [this.channels];',
              ...names.map(
                (n) =>
                  `    this.${n} = this.addWeight('${n}', shape, 'float32', tf.initializers.constant({ value: this.${n}Init }), undefined, true);`,
              ),
              '    super.build(inputShape);',
              '  }',
            ]),
        '',
        '  computeOutputShape(inputShape) {',
        '    return inputShape;',
        '  }',
        '',
        '  call(inputs) {',
        '    const x = Array.isArray(inputs) ? inputs[0] : inputs;',
        names.length === 0
          ? `    return ${f.fn}(x);`
          : `    return tf.tidy(() => ${f.fn}(x, { ${names.map((n) => `${n}: perChannel(this.${n}.read(), x, this.axis)`).join(', ')} }));`,
        '  }',
        '',
        '  getConfig() {',
        names.length === 0
          ? '    return super.getConfig();'
          : `    return { ...super.getConfig(), channels: this.channels, axis: this.axis, ${names.map((n) => `${n}Init: this.${n}Init`).join(', ')} };`,
        '  }',
        '}',
        '',
        `tf.serialization.registerClass(${model.className}, 'actsearch');`,
      ].join('\n')
    : '';
  const code = jsFile([
    commentBlock(
      '//',
      headerLines(
        model,
        `TF.js activation (${model.layer ? 'custom Layer + plain function' : 'plain function'})`,
        pc && model.layer ? [`per-channel: ${pc.channels} channels on axis ${pc.dim}`] : [],
      ),
    ),
    `import * as tf from '${model.tfImport}';`,
    f.helpers,
    names.length > 0 ? `export const defaultParams = Object.freeze(${defaults});` : '',
    fnDef,
    names.length > 0 && model.layer ? PER_CHANNEL : '',
    cls,
  ]);
  return { filename: `${f.fn}-${model.fingerprint.slice(0, 8)}.mjs`, code, mimeType: 'text/javascript' };
}
