/**
 * Space file text → SearchSpace, or one ValidationError that lists every problem with its path in the
 * document (`operators.unary.sqaure`), its line, and the reason. Pure: the caller reads the file.
 */
import { exprEquals, getOp, parse } from '@actsearch/expr';
import { ParseError, ValidationError, type FieldError } from '@actsearch/core';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { buildSpace, shapeNodeText } from './build-space.ts';
import { spaceFileSchema } from './schema.ts';
import { parseShapeText, ShapeTextError } from './shape-text.ts';
import type { OpChoice, OpKind, SearchSpace, ShapeNode, ShapeSpec } from './space.ts';

type PathKey = string | number;

export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

class Problems {
  readonly fields: FieldError[] = [];
  readonly lines: (number | undefined)[] = [];

  constructor(
    private readonly doc: Document | undefined,
    private readonly lineCounter: LineCounter,
  ) {}

  add(path: readonly PathKey[], message: string, line?: number): void {
    this.fields.push({ path: formatPath(path), message });
    this.lines.push(line ?? this.lineOf(path));
  }

  private lineOf(path: readonly PathKey[]): number | undefined {
    if (!this.doc) return undefined;
    // The node itself, or the nearest ancestor that exists (a missing field points at its parent).
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lineCounter.linePos(range[0]).line;
    }
    return undefined;
  }

  throwIfAny(sourceName: string): void {
    const first = this.fields[0];
    if (!first) return;
    const line = this.lines[0];
    const where = `${sourceName}${line === undefined ? '' : `:${line}`}`;
    const more = this.fields.length > 1 ? ` (and ${this.fields.length - 1} more problem${this.fields.length > 2 ? 's' : ''})` : '';
    throw new ValidationError(`${where}: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`, this.fields);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}

function reportSchemaIssues(problems: Problems, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) {
    const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.add([...path, key], 'unknown field');
    } else {
      problems.add(path, describeIssue(issue));
    }
  }
}

function compileOps(problems: Problems, kind: OpKind, table: Readonly<Record<string, string | number>>, layer: boolean): OpChoice[] {
  const variables = kind === 'unary' ? ['x'] : ['x1', 'x2'];
  const out: OpChoice[] = [];
  for (const [name, raw] of Object.entries(table)) {
    const path = ['operators', kind, name];
    try {
      // A layer space's templates may use aggregates and v/eps; an activation space's may not (ParseError).
      const template = parse(String(raw), { variables, layer });
      const twin = out.find((o) => exprEquals(o.template, template));
      if (twin) problems.add(path, `the same template as '${twin.name}' (each operator must differ)`);
      else out.push({ name, template });
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      const hint = !layer && /layer aggregate/.test(err.message) ? '; set kind: layer for a space of layers' : '';
      problems.add(path, `${err.message} (templates use ${variables.join(', ')}${hint})`);
    }
  }
  return out;
}

/** Checks fixed operators against the op table and fills omitted trailing defaults; a string is a problem. */
function resolveTree(node: ShapeNode): ShapeNode | string {
  if (node.type === 'x' || node.type === 'const') return node;
  const children: ShapeNode[] = [];
  for (const child of node.children) {
    const resolved = resolveTree(child);
    if (typeof resolved === 'string') return resolved;
    children.push(resolved);
  }
  if (node.type === 'slot') return { ...node, children };
  const def = getOp(node.op);
  if (!def) return `unknown operator '${node.op}' (slots are unary(…) and binary(…))`;
  const defaults = def.defaults ?? [];
  let required = def.arity;
  while (required > 0 && defaults[required - 1] !== undefined) required--;
  if (children.length < required || children.length > def.arity) {
    const expected = required === def.arity ? `${def.arity}` : `${required} to ${def.arity}`;
    return `'${node.op}' takes ${expected} argument${def.arity === 1 ? '' : 's'}, got ${children.length}`;
  }
  for (let i = children.length; i < def.arity; i++) children.push({ type: 'const', value: defaults[i] as number });
  return { type: 'op', op: def.name, children };
}

function usesKind(node: ShapeNode, kind: OpKind): boolean {
  if (node.type === 'x' || node.type === 'const') return false;
  return (node.type === 'slot' && node.kind === kind) || node.children.some((c) => usesKind(c, kind));
}

export function parseSpace(text: string, sourceName = 'space.yaml'): SearchSpace {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = new Problems(undefined, lineCounter);
    for (const e of doc.errors) problems.add([], `invalid YAML: ${e.message}`, lineCounter.linePos(e.pos[0]).line);
    problems.throwIfAny(sourceName);
  }
  const problems = new Problems(doc, lineCounter);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    problems.add([], `invalid YAML: ${err instanceof Error ? err.message : String(err)}`);
    problems.throwIfAny(sourceName);
  }
  const result = spaceFileSchema.safeParse(data);
  if (!result.success) {
    reportSchemaIssues(problems, result.error.issues);
    problems.throwIfAny(sourceName);
    throw new Error('unreachable: schema failed without issues');
  }
  const file = result.data;
  const layer = file.kind === 'layer';
  const unary = compileOps(problems, 'unary', file.operators.unary, layer);
  const binary = compileOps(problems, 'binary', file.operators.binary, layer);
  const shapeSpecs: ShapeSpec[] = [];
  const seen = new Set<string>();
  file.shapes.forEach((shape, i) => {
    if (typeof shape !== 'string') {
      const { min, max } = typeof shape.units === 'number' ? { min: shape.units, max: shape.units } : shape.units;
      if (unary.length === 0 || binary.length === 0) problems.add(['shapes', i], 'core units need both unary and binary operators');
      const key = `units:${min}-${max}`;
      if (seen.has(key)) problems.add(['shapes', i], 'listed twice');
      seen.add(key);
      shapeSpecs.push({ type: 'units', min, max });
      return;
    }
    try {
      const root = resolveTree(parseShapeText(shape));
      if (typeof root === 'string') {
        problems.add(['shapes', i], root);
        return;
      }
      for (const kind of ['unary', 'binary'] as const) {
        if (usesKind(root, kind) && (kind === 'unary' ? unary : binary).length === 0) {
          problems.add(['shapes', i], `uses ${kind}(…) but operators.${kind} is empty`);
        }
      }
      const text = shapeNodeText(root);
      if (seen.has(text)) problems.add(['shapes', i], `'${text}' is listed twice`);
      seen.add(text);
      shapeSpecs.push({ type: 'tree', root, text });
    } catch (err) {
      if (!(err instanceof ShapeTextError)) throw err;
      problems.add(['shapes', i], err.message);
    }
  });
  problems.throwIfAny(sourceName);
  return buildSpace({
    id: file.id,
    ...(layer ? { kind: 'layer' as const } : {}),
    version: String(file.version),
    title: file.title,
    ...(file.source === undefined ? {} : { source: file.source }),
    ...(file.description === undefined ? {} : { description: file.description }),
    sourceName,
    unary,
    binary,
    shapeSpecs,
  });
}
