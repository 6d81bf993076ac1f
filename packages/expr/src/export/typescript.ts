/** TypeScript export: a dependency-free function over `number` and `Float64Array` (float64). */
import { commentBlock, headerLines } from './header.ts';
import { jsFile, jsFunction, jsObject } from './js-common.ts';
import type { ExportModel } from './prepare.ts';
import type { ExportResult } from './types.ts';

export function exportTypescript(model: ExportModel): ExportResult {
  const f = jsFunction(model, 'ts', ['scalar', `${model.className}Params`]);
  const names = model.params.map((p) => f.id(p.name));
  const paramsType = `${model.className}Params`;
  const scalarArgs = ['x: number', ...names.map((n) => `${n}: number`)].join(', ');
  const blocks: string[] = [commentBlock('//', headerLines(model, 'TypeScript activation function (float64)')), f.helpers];
  if (names.length > 0) {
    blocks.push(
      `export interface ${paramsType} {\n${names.map((n) => `  readonly ${n}: number;`).join('\n')}\n}`,
      `export const defaultParams: ${paramsType} = Object.freeze(${jsObject(model.params.map((p) => [f.id(p.name), p.init]))});`,
    );
  }
  blocks.push(`function scalar(${scalarArgs}): number {\n  return ${f.code};\n}`);
  const call = (arg: string): string => `scalar(${[arg, ...names].join(', ')})`;
  const pArg = names.length > 0 ? `, params?: Partial<${paramsType}>` : '';
  blocks.push(
    [
      '/** The activation at one point, or element-wise over an array (a new Float64Array). */',
      `export function ${f.fn}(x: number${pArg}): number;`,
      `export function ${f.fn}(x: Float64Array${pArg}): Float64Array;`,
      `export function ${f.fn}(x: number | Float64Array${names.length > 0 ? `, params: Partial<${paramsType}> = {}` : ''}): number | Float64Array {`,
      ...names.map((n) => `  const ${n} = params.${n} ?? defaultParams.${n};`),
      `  if (typeof x === 'number') return ${call('x')};`,
      '  const out = new Float64Array(x.length);',
      `  for (let i = 0; i < x.length; i++) out[i] = ${call('x[i] as number')};`,
      '  return out;',
      '}',
    ].join('\n'),
  );
  return { filename: `${f.fn}-${model.fingerprint.slice(0, 8)}.ts`, code: jsFile(blocks), mimeType: 'text/typescript' };
}
