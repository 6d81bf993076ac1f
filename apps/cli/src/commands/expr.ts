/**
 * `actsearch expr parse|eval|diff|features|export`: the activation algebra from the command line.
 * Thin: parse the arguments, call @actsearch/expr, format the answer (readable, or `--json`). `parse`
 * and `export` take layer expressions and known layer names too; the others are element-wise.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCommandArgs } from '../options.ts';
import {
  candidateKindOfText,
  describeCandidate,
  derivative,
  EXPORT_LANG_ALIASES,
  EXPORT_LANGS,
  evaluateArray,
  exportCandidate,
  features,
  KNOWN_LAYERS,
  LAYER_EXPORT_LANGS,
  paramsOf,
  parseCandidate,
  print,
  type CandidateKind,
  type Expr,
  type ExportLang,
  type ExportOptions,
} from '@actsearch/expr';
import type { CliCommand, CliIo } from '../command.ts';
import { UsageError } from '../cli-error.ts';

const USAGE = `usage: actsearch expr <subcommand> "<expression>" [options]

subcommands:
  parse     "<e>"                     kind, canonical text, fingerprint, parameters, size
  eval      "<e>" --at -1,0,0.5       values at the given points (float64)
            [--param beta=2] [--precision f64|f32]
  diff      "<e>" [--wrt x|<param>]   the simplified symbolic derivative
  features  "<e>"                     cheap features on the 1,000 probe points
  export    "<e>" --lang <L>          a complete code file for framework L
            [--out <file|dir>] [--name <identifier>] [--per-channel C[:dim]] [--source <text>]

export languages: ${EXPORT_LANGS.join(', ')} (also: ${Object.keys(EXPORT_LANG_ALIASES).join(', ')});
a layer: ${LAYER_EXPORT_LANGS.join(', ')}
options for every subcommand: --json (machine-readable output)

The syntax: infix + - * / ^, unary minus, numbers, the variable x, function calls such as
sigmoid(x) or min(square(x), selu(x)), and trainable parameters (beta, beta2, alpha, gamma, kappa,
lambda, …; initial value 1 unless declared: "x * sigmoid(beta * x); beta = 1.5").
parse and export also take a normalization-activation layer (docs/layers.md): the same syntax with
statistics of the layer input such as batch_var(x) or group_var(x, 4), per-channel gamma, beta, v and
eps, or a known layer by name (${KNOWN_LAYERS.map((l) => l.name).join(', ')}).
Exit codes: 0 ok, 2 bad input (one line on stderr).
`;

type OptionSpec = Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>;

const COMMON: OptionSpec = { json: { type: 'boolean' } };

/**
 * node:util parseArgs, except that an option's value may start with '-' (`--at -1,0`) and the
 * expression may too (`-x * sigmoid(x)`): both are rewritten into forms parseArgs accepts.
 */
function parseOptions(args: readonly string[], spec: OptionSpec) {
  const options = { ...COMMON, ...spec };
  const shortToLong = new Map<string, string>(Object.entries(options).flatMap(([k, v]) => (v.short ? [[`-${v.short}`, k] as const] : [])));
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const tok = args[i] as string;
    if (tok === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    // Anything that is not an option spelling is part of the expression, even '-x' or '-1'.
    const long = tok.startsWith('--') ? (tok.slice(2).split('=')[0] ?? '') : shortToLong.get(tok);
    if (long === undefined) {
      positionals.push(tok);
      continue;
    }
    const def = options[long];
    if (def?.type === 'string' && !tok.includes('=')) {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError(`option --${long} needs a value`);
      flags.push(`--${long}=${value}`);
      i++;
    } else {
      flags.push(tok);
    }
  }
  const { values } = parseCommandArgs('expr', [...flags, '--', ...positionals], options);
  return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
}

/** The expression of the arguments, an activation or a layer. */
function expressionOf(positionals: readonly string[], sub: string): { kind: CandidateKind; expr: Expr } {
  if (positionals.length === 0) throw new UsageError(`expr ${sub} needs an expression, e.g. actsearch expr ${sub} "x * sigmoid(x)"`);
  const text = positionals.join(' ');
  const kind = candidateKindOfText(text);
  return { kind, expr: parseCandidate(text, kind) };
}

/** The element-wise activation of the arguments: a layer is not a function of x alone. */
function activationOf(positionals: readonly string[], sub: string): { expr: Expr } {
  const parsed = expressionOf(positionals, sub);
  if (parsed.kind === 'layer') {
    throw new UsageError(
      `expr ${sub} works on element-wise activations, and this is a layer (its output depends on statistics of its input); expr parse and expr export take layers`,
    );
  }
  return parsed;
}

/** Non-finite numbers have no JSON form; machines get them as the strings "NaN", "Infinity", "-Infinity". */
function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'number') return jsonNumber(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, jsonNumber);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(jsonValue(value), null, 2)}\n`);
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

function paramList(e: Expr): string {
  const ps = paramsOf(e);
  return ps.length === 0 ? 'none' : ps.map((p) => `${p.name} = ${p.init}`).join(', ');
}

function parsePoints(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length > 100_000) throw new UsageError('--at: at most 100000 points');
  return parts.map((s) => {
    const v = s === '' ? NaN : Number(s);
    if (Number.isNaN(v)) throw new UsageError(`--at: '${s.slice(0, 40)}' is not a number (give a comma-separated list such as -1,0,0.5)`);
    return v;
  });
}

function parseParamOverrides(items: readonly string[], e: Expr): Record<string, number> {
  const known = paramsOf(e).map((p) => p.name);
  const out: Record<string, number> = {};
  for (const item of items) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(item);
    if (!m) throw new UsageError(`--param: expected name=value, got '${item.slice(0, 40)}'`);
    const [, name = '', raw = ''] = m;
    if (!known.includes(name)) {
      throw new UsageError(
        `--param: the expression has no parameter '${name}' (it has: ${known.length === 0 ? 'none' : known.join(', ')})`,
      );
    }
    const v = Number(raw);
    if (raw.trim() === '' || Number.isNaN(v)) throw new UsageError(`--param: '${raw.slice(0, 40)}' is not a number`);
    out[name] = v;
  }
  return out;
}

function exportLang(value: string | undefined): ExportLang {
  if (value === undefined) throw new UsageError(`expr export needs --lang (one of ${EXPORT_LANGS.join(', ')})`);
  const lang = (EXPORT_LANGS as readonly string[]).includes(value) ? (value as ExportLang) : EXPORT_LANG_ALIASES[value];
  if (lang === undefined) throw new UsageError(`--lang: unknown language '${value.slice(0, 40)}' (known: ${EXPORT_LANGS.join(', ')})`);
  return lang;
}

function perChannelOf(value: string | undefined): ExportOptions['perChannel'] {
  if (value === undefined) return undefined;
  const m = /^([0-9]+)(?::(-?[0-9]+))?$/.exec(value);
  if (!m) throw new UsageError(`--per-channel: expected C or C:dim (e.g. 64 or 64:1), got '${value.slice(0, 40)}'`);
  return { channels: Number(m[1]), dim: m[2] === undefined ? 1 : Number(m[2]) };
}

function runParse(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, {});
  const { kind, expr } = expressionOf(positionals, 'parse');
  const info = describeCandidate(expr, kind);
  if (values.json) {
    printJson(io, { ...info, ast: expr });
    return 0;
  }
  const layerRows: [string, string][] =
    info.kind === 'layer'
      ? [
          ['statistics', info.aggregates.join(', ')],
          ['known layer', info.knownLayer ?? 'none'],
        ]
      : [];
  io.out(
    table([
      ['kind', info.kind === 'layer' ? 'layer (normalization-activation)' : 'activation (element-wise)'],
      ['expression', info.text],
      ['canonical', info.canonical],
      ['fingerprint', `${info.fingerprint}${info.kind === 'layer' ? ' (layer fingerprint)' : ''}`],
      ['parameters', `${paramList(expr)}${info.kind === 'layer' && paramsOf(expr).length > 0 ? ' (per channel)' : ''}`],
      ...layerRows,
      ['size', `${info.size} nodes, depth ${info.depth}`],
    ]),
  );
  return 0;
}

function runEval(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, {
    at: { type: 'string' },
    param: { type: 'string', multiple: true },
    precision: { type: 'string' },
  });
  const { expr } = activationOf(positionals, 'eval');
  if (typeof values.at !== 'string') throw new UsageError('expr eval needs --at with a comma-separated list of points, e.g. --at -1,0,0.5');
  const points = parsePoints(values.at);
  const precision = values.precision ?? 'f64';
  if (precision !== 'f64' && precision !== 'f32')
    throw new UsageError(`--precision: expected f64 or f32, got '${String(precision).slice(0, 40)}'`);
  const overrides = parseParamOverrides((values.param as string[] | undefined) ?? [], expr);
  const params = Object.fromEntries(paramsOf(expr).map((p) => [p.name, overrides[p.name] ?? p.init]));
  const ys = evaluateArray(expr, Float64Array.from(points), { precision, params });
  if (values.json) {
    printJson(io, { expression: print(expr), precision, params, points, values: Array.from(ys) });
    return 0;
  }
  const header: [string, string] = ['x', `f(x)${precision === 'f32' ? '  [float32]' : ''}`];
  const paramLine =
    Object.keys(params).length === 0
      ? ''
      : `with ${Object.entries(params)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ')}\n`;
  io.out(`${paramLine}${table([header, ...points.map((x, i) => [String(x), String(ys[i])] as [string, string])])}`);
  return 0;
}

function runDiff(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, { wrt: { type: 'string' } });
  const { expr } = activationOf(positionals, 'diff');
  const wrt = typeof values.wrt === 'string' ? values.wrt : 'x';
  const known = paramsOf(expr).map((p) => p.name);
  if (wrt !== 'x' && !known.includes(wrt)) {
    throw new UsageError(
      `--wrt: '${wrt.slice(0, 40)}' is neither x nor a parameter of the expression (parameters: ${known.length === 0 ? 'none' : known.join(', ')})`,
    );
  }
  const d = derivative(expr, wrt);
  const text = print(d);
  if (values.json) {
    printJson(io, { expression: print(expr), wrt, derivative: text, ast: d });
    return 0;
  }
  io.out(`d/d${wrt} ${print(expr)}\n  = ${text}\n`);
  return 0;
}

function formatFeature(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString();
  if (Array.isArray(v)) return v.map(formatFeature).join(', ');
  if (v !== null && typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}=${formatFeature(x)}`)
      .join(' ');
  return String(v);
}

function runFeatures(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, {});
  const { expr } = activationOf(positionals, 'features');
  const f = features(expr) as unknown as Record<string, unknown>;
  if (values.json) {
    printJson(io, { expression: print(expr), features: f });
    return 0;
  }
  io.out(
    `features of ${print(expr)} on the probe points\n${table(Object.entries(f).map(([k, v]) => [k, formatFeature(v)] as [string, string]))}`,
  );
  return 0;
}

function runExport(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, {
    lang: { type: 'string', short: 'l' },
    out: { type: 'string', short: 'o' },
    name: { type: 'string' },
    'per-channel': { type: 'string' },
    source: { type: 'string' },
  });
  const { kind, expr } = expressionOf(positionals, 'export');
  const lang = exportLang(values.lang as string | undefined);
  if (kind === 'layer' && values['per-channel'] !== undefined)
    throw new UsageError("--per-channel: a layer's parameters are always per channel (its class takes the channel count)");
  const options: ExportOptions = {
    ...(typeof values.name === 'string' ? { name: values.name } : {}),
    ...(typeof values.source === 'string' ? { source: values.source } : {}),
    perChannel: perChannelOf(values['per-channel'] as string | undefined),
  };
  // A language the kind has no generator for is a ValidationError naming the ones it has (exit 2).
  const result = exportCandidate(expr, kind, lang, options);
  let path: string | undefined;
  if (typeof values.out === 'string') {
    path = resolve(io.cwd, values.out);
    if (values.out.endsWith('/') || isDirectory(path)) path = join(path, result.filename);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, result.code);
    } catch (err) {
      throw new UsageError(`cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (values.json) {
    printJson(io, { lang, ...result, ...(path === undefined ? {} : { path }) });
  } else if (path !== undefined) {
    io.out(`wrote ${path} (${lang}, ${Buffer.byteLength(result.code)} bytes)\n`);
  } else {
    io.out(result.code);
  }
  return 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const SUBCOMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => number>> = {
  parse: runParse,
  eval: runEval,
  diff: runDiff,
  features: runFeatures,
  export: runExport,
};

export const exprCommand: CliCommand = {
  name: 'expr',
  summary: 'parse, evaluate, differentiate, describe and export an activation expression (parse and export: layers too)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const handler = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (handler === undefined) {
      throw new UsageError(
        sub === undefined
          ? `expr needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`
          : `unknown expr subcommand '${sub.slice(0, 40)}' (known: ${Object.keys(SUBCOMMANDS).join(', ')})`,
      );
    }
    return handler(rest, io);
  },
};
