/**
 * TF.js export: a plain function over tensors and a custom `tf.layers.Layer` subclass that is
 * serializable (`static className` + `tf.serialization.registerClass`). An ES module in JavaScript.
 *
 * As in the PyTorch export, autograd does not differentiate the formula: `tf.customGrad` takes the
 * gradient from the engine's symbolic derivative, the one the engine trains with. Differentiating the
 * formula multiplies an unselected branch of tf.where/tf.minimum by a zero gradient, and 0·∞ = NaN
 * where that branch overflows (min(expm1(x), relu(x)) at x > 88 in float32).
 */
import { derivative } from '../derivative.ts';
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

const SUM_TO = `/** Sums a broadcast gradient back to the shape of the tensor it belongs to. */
function sumTo(t, like) {
  let s = t;
  while (s.rank > like.rank) s = tf.sum(s, 0);
  const axes = like.shape.flatMap((n, i) => (n === 1 && s.shape[i] !== 1 ? [i] : []));
  return axes.length === 0 ? s : tf.sum(s, axes, true);
}`;

export function exportTfjs(model: ExportModel): ExportResult {
  const slopes = [derivative(model.expr, 'x'), ...model.params.map((p) => derivative(model.expr, p.name))];
  const f = jsFunction(model, 'tfjs', ['perChannel', 'sumTo', 'value', 'slopes', 'withGradient', 'asTensor'], slopes);
  const names = model.params.map((p) => f.id(p.name));
  const defaults = jsObject(model.params.map((p) => [f.id(p.name), p.init]));
  const args = ['x', ...names].join(', ');
  const shaped = (code: string) => `tf.add(tf.zerosLike(x), ${code})`;
  const valueDef = [
    '/** The formula (differentiated only through `withGradient`). */',
    `function value(${args}) {`,
    // customGrad must return a new tensor: returning its input as is would give that input's gradient twice.
    `  return ${f.code === 'x' ? 'tf.clone(x)' : model.usesX ? f.code : shaped(f.code)};`,
    '}',
  ].join('\n');
  const slopesDef = [
    '/** The symbolic derivatives with respect to x and to each parameter, shaped like x. */',
    `function slopes(${args}) {`,
    `  return [${f.extraCode.map(shaped).join(', ')}];`,
    '}',
  ].join('\n');
  const gradientDef = [
    '/** The value, with its gradient from the symbolic derivative (which selects branches: no 0 * inf). */',
    `const withGradient = tf.customGrad((${args}, save) => {`,
    `  save([${args}]);`,
    '  return {',
    `    value: value(${args}),`,
    '    gradFunc: (dy, saved) => slopes(...saved).map((s, i) => sumTo(tf.mul(dy, s), saved[i])),',
    '  };',
    '});',
  ].join('\n');
  const asTensor =
    names.length === 0
      ? ''
      : "/** Parameters may be numbers; tf.customGrad takes tensors only. */\nfunction asTensor(p) {\n  return typeof p === 'number' ? tf.scalar(p) : p;\n}";
  const result = `withGradient(${args})`;
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
          ...names.map((n) => `    const ${n} = asTensor(params.${n} ?? defaultParams.${n});`),
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
    SUM_TO,
    asTensor,
    valueDef,
    slopesDef,
    gradientDef,
    fnDef,
    names.length > 0 && model.layer ? PER_CHANNEL : '',
    cls,
  ]);
  return { filename: `${f.fn}-${model.fingerprint.slice(0, 8)}.mjs`, code, mimeType: 'text/javascript' };
}
