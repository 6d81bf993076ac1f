/**
 * Checks an expression and the export options once, before any generator runs, and gathers what
 * every generator needs: the canonical text, the fingerprint and the trainable parameters.
 */
import type { Expr } from '../ast.ts';
import { ValidationError, type FieldError } from '@actsearch/core';
import { getOp } from '../ops/registry.ts';
import { canonicalize } from '../canonical.ts';
import { print } from '../print.ts';
import { fingerprint } from '../fingerprint.ts';
import { paramsOf } from '../tree.ts';
import { IDENTIFIER, pascalCase } from './identifiers.ts';
import { commentText } from './literals.ts';
import type { ExportOptions, PerChannelOptions } from './types.ts';

export interface ExportParam {
  readonly name: string;
  readonly init: number;
}

export interface ExportModel {
  readonly expr: Expr;
  /** The expression as given, printed from its AST. */
  readonly text: string;
  readonly canonical: string;
  readonly fingerprint: string;
  readonly params: readonly ExportParam[];
  /** False for a constant function; generators then broadcast the value to the input's shape. */
  readonly usesX: boolean;
  /** Base name as an identifier, e.g. `activation` or `swish_beta`. */
  readonly baseName: string;
  /** Class name, e.g. `ActsearchActivation` or `SwishBeta`. */
  readonly className: string;
  readonly perChannel: PerChannelOptions | undefined;
  readonly source: string | undefined;
  readonly tfImport: string;
  readonly layer: boolean;
}

const MODULE_SPECIFIER = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(\/[a-z0-9][a-z0-9._~-]*)*$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function checkTree(e: Expr, path: string, fields: FieldError[], inits: Map<string, number>): boolean {
  switch (e.kind) {
    case 'var':
      if (e.name !== 'x')
        fields.push({ path, message: `an activation is a function of x only; found the variable '${commentText(e.name, 40)}'` });
      return e.name === 'x';
    case 'const':
      if (typeof e.value !== 'number') fields.push({ path, message: 'a constant must be a number' });
      return false;
    case 'param':
      if (!IDENTIFIER.test(e.name)) fields.push({ path, message: `'${commentText(e.name, 40)}' is not a valid parameter name` });
      if (typeof e.init !== 'number' || !Number.isFinite(e.init)) {
        fields.push({ path, message: `parameter '${commentText(e.name, 40)}' needs a finite initial value` });
      } else {
        const seen = inits.get(e.name);
        if (seen !== undefined && !Object.is(seen, e.init)) {
          fields.push({ path, message: `parameter '${commentText(e.name, 40)}' has two initial values (${seen} and ${e.init})` });
        }
        inits.set(e.name, e.init);
      }
      return false;
    case 'call': {
      const op = getOp(e.op);
      if (!op) {
        fields.push({ path, message: `unknown operator '${commentText(e.op, 40)}'` });
      } else if (op.arity !== e.args.length) {
        fields.push({ path, message: `'${op.name}' takes ${op.arity} argument(s), got ${e.args.length}` });
      }
      let usesX = false;
      e.args.forEach((a, i) => {
        if (checkTree(a, `${path}.args[${i}]`, fields, inits)) usesX = true;
      });
      return usesX;
    }
    default:
      fields.push({ path, message: 'not an expression node' });
      return false;
  }
}

function checkPerChannel(p: PerChannelOptions | undefined, fields: FieldError[]): void {
  if (p === undefined) return;
  if (!Number.isInteger(p.channels) || p.channels < 1 || p.channels > 2 ** 24) {
    fields.push({ path: 'options.perChannel.channels', message: 'must be an integer between 1 and 16777216' });
  }
  if (!Number.isInteger(p.dim) || Math.abs(p.dim) > 16) {
    fields.push({ path: 'options.perChannel.dim', message: 'must be an integer between -16 and 16' });
  }
}

/** Validates the expression and options; throws one ValidationError listing every problem. */
export function prepareExport(expr: Expr, options: ExportOptions = {}): ExportModel {
  const fields: FieldError[] = [];
  const usesX = checkTree(expr, 'expr', fields, new Map());
  if (options.name !== undefined && !NAME.test(options.name)) {
    fields.push({ path: 'options.name', message: 'must be an identifier: a letter, then letters, digits or _ (at most 64)' });
  }
  checkPerChannel(options.perChannel, fields);
  if (options.tfImport !== undefined && !MODULE_SPECIFIER.test(options.tfImport)) {
    fields.push({ path: 'options.tfImport', message: 'must be an npm module specifier such as @tensorflow/tfjs-node' });
  }
  const params = fields.length === 0 ? paramsOf(expr).map((p) => ({ name: p.name, init: p.init })) : [];
  if (fields.length > 0) {
    throw new ValidationError(`cannot export: ${fields.map((f) => f.message).join('; ')}`, fields);
  }
  const baseName = options.name ?? 'activation';
  return {
    expr,
    text: print(expr),
    canonical: print(canonicalize(expr)),
    fingerprint: fingerprint(expr),
    params,
    usesX,
    baseName,
    className: options.name === undefined ? 'ActsearchActivation' : pascalCase(options.name),
    perChannel: options.perChannel,
    source: options.source === undefined ? undefined : commentText(options.source),
    tfImport: options.tfImport ?? '@tensorflow/tfjs',
    layer: options.layer ?? true,
  };
}
