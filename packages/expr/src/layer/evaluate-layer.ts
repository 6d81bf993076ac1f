import type { Expr } from '../ast.ts';
import { ValidationError } from '@actsearch/core';
import type { Precision } from '../evaluate.ts';
import { getOp } from '../ops/registry.ts';
import { getAggregate, type AggregateDef } from './aggregates.ts';
import { groupsOf, printLayer } from './layer-expr.ts';
import { tensorSize, type LayerTensor } from './layer-tensor.ts';
import { runningInit } from './running-stats.ts';

export type LayerMode = 'train' | 'eval';

export interface LayerEvalOptions {
  readonly precision?: Precision;
  /** 'train' (default): batch aggregates use the batch; 'eval': they use `running`. */
  readonly mode?: LayerMode;
  /** Per-channel parameter values (length C) by name; missing ones are filled with their initial value. */
  readonly params?: Readonly<Record<string, ArrayLike<number>>>;
  /** Per-channel running statistics by aggregate key (`printLayer` of the call, e.g. `batch_var(x)`). */
  readonly running?: Readonly<Record<string, ArrayLike<number>>>;
}

export interface LayerEvalResult {
  /** The output, N×C×H×W like the input. */
  readonly y: Float64Array;
  /** In training mode, each batch aggregate's per-channel value on this batch, by key (for running averages). */
  readonly batchStats: Readonly<Record<string, Float64Array>>;
}

function fail(message: string, detail: string): never {
  throw new ValidationError(message, [{ path: 'expr', message: detail }]);
}

/**
 * Evaluates a layer expression on a tensor — the reference semantics of layers, which the proxy's
 * TF.js layer and the exports are tested against. Element-wise ops apply per element as in `evaluate`
 * ('f32': every value rounded to float32 as a float32 network would); an aggregate computes its
 * statistic over its axis (see aggregates.ts) in float64 from the (rounded) values and rounds it once;
 * parameters are per-channel vectors broadcast over N, H, W.
 */
export function evaluateLayer(e: Expr, input: LayerTensor, options: LayerEvalOptions = {}): LayerEvalResult {
  const [N, C, H, W] = input.shape;
  const HW = H * W;
  const size = tensorSize(input.shape);
  if (input.data.length !== size)
    fail(`the input holds ${input.data.length} values, its shape ${input.shape.join('×')} needs ${size}`, 'bad tensor');
  const f32 = (options.precision ?? 'f64') === 'f32';
  const round = f32 ? Math.fround : (v: number) => v;
  const mode = options.mode ?? 'train';
  const batchStats: Record<string, Float64Array> = {};

  const channelOf = (i: number) => Math.floor(i / HW) % C;

  const broadcastChannels = (values: ArrayLike<number>, what: string): Float64Array => {
    if (values.length !== C) fail(`${what} has ${values.length} values for ${C} channels`, 'per-channel length');
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = round(values[channelOf(i)] as number);
    return out;
  };

  /** Statistic of `a` over each cell; `cellOf` maps an element to its cell (cells = number of cells). */
  const reduce = (a: Float64Array, stat: AggregateDef['stat'], cells: number, cellOf: (i: number) => number): Float64Array => {
    const sum = new Float64Array(cells);
    const count = new Float64Array(cells);
    for (let i = 0; i < size; i++) {
      const k = cellOf(i);
      sum[k] = (sum[k] as number) + (a[i] as number);
      count[k] = (count[k] as number) + 1;
    }
    const mean = sum.map((s, k) => s / (count[k] as number));
    if (stat === 'mean') return mean.map(round);
    const ss = new Float64Array(cells);
    for (let i = 0; i < size; i++) {
      const k = cellOf(i);
      const d = (a[i] as number) - (mean[k] as number);
      ss[k] = (ss[k] as number) + d * d;
    }
    return ss.map((s, k) => round(s / (count[k] as number)));
  };

  const aggregateOf = (def: AggregateDef, key: string, groups: number, a: Float64Array): Float64Array => {
    let cells: number;
    let cellOf: (i: number) => number;
    switch (def.axis) {
      case 'batch': {
        if (mode === 'eval') {
          const running = options.running?.[key] ?? new Array<number>(C).fill(runningInit(def.stat));
          return broadcastChannels(running, `the running statistic '${key}'`);
        }
        cells = C;
        cellOf = channelOf;
        break;
      }
      case 'instance':
        cells = N * C;
        cellOf = (i) => Math.floor(i / HW);
        break;
      case 'group': {
        if (C % groups !== 0) fail(`'${key}': ${C} channels do not divide into ${groups} groups`, 'group count must divide the channels');
        const per = (C / groups) * HW;
        cells = N * groups;
        cellOf = (i) => Math.floor(i / per);
        break;
      }
      case 'layer':
        cells = N;
        cellOf = (i) => Math.floor(i / (C * HW));
        break;
    }
    const stat = reduce(a, def.stat, cells, cellOf);
    if (def.axis === 'batch') batchStats[key] = stat;
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = stat[cellOf(i)] as number;
    return out;
  };

  const node = (n: Expr): Float64Array => {
    switch (n.kind) {
      case 'var':
        if (n.name !== 'x') fail(`variable '${n.name}' has no value: a layer has one input, x`, 'unbound variable');
        return input.data.map(round);
      case 'const':
        return new Float64Array(size).fill(round(n.value));
      case 'param': {
        const values = options.params?.[n.name];
        return values ? broadcastChannels(values, `parameter '${n.name}'`) : new Float64Array(size).fill(round(n.init));
      }
      case 'call': {
        const def = getAggregate(n.op);
        if (def) return aggregateOf(def, printLayer(n), def.arity === 2 ? groupsOf(n) : 1, node(n.args[0] as Expr));
        const op = getOp(n.op);
        if (!op) fail(`unknown op '${n.op}'`, `no op or aggregate is named '${n.op}'`);
        if (n.args.length !== op.arity) fail(`'${op.name}' takes ${op.arity} arguments, got ${n.args.length}`, 'wrong number of arguments');
        const args = n.args.map(node);
        const f = f32 ? op.f32 : op.f64;
        const out = args[0] ?? new Float64Array(size);
        const vals = new Array<number>(args.length);
        for (let i = 0; i < size; i++) {
          for (let k = 0; k < args.length; k++) vals[k] = (args[k] as Float64Array)[i] as number;
          out[i] = f(...vals);
        }
        return out;
      }
    }
  };

  return { y: node(e), batchStats };
}
