/**
 * Compiles a layer expression (expr's `parseLayer`) to TF.js with a hand-written backward pass, like
 * the activations' (no gradient tape: training never records one). A layer is not element-wise, so
 * the activations' fused derivative (f′ per element) does not apply: instead the compiled layer runs
 * reverse-mode differentiation over its own expression DAG. Element-wise nodes multiply the upstream
 * gradient by their op's symbolic partials (expr's op table, the same derivatives the activations
 * use); aggregate nodes have exact rules —
 *
 *   mean over a cell of n elements:  ∂L/∂aᵢ = (1/n)·Σ_cell ∂L/∂y
 *   variance (biased):               ∂L/∂aᵢ = (2/n)·(aᵢ − μ)·Σ_cell ∂L/∂y
 *
 * (y is broadcast back over the cell, so its upstream gradient sums over the cell). This is exactly
 * what autograd would compute, with one op per rule, and it is checked against finite differences
 * (test/unit/proxy/layer-gradients). Tensors are the network's 2-D [rows, channels] with rows =
 * samples × positions (NHWC order: a sample's positions are consecutive rows); the layer's geometry
 * says how many positions a sample has (1 after a dense layer, h·w after a convolution), and the
 * layer computes in the view [samples, positions, channels], where statistics broadcast.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ValidationError } from '@actsearch/core';
import {
  getAggregate,
  isAlwaysFinite,
  getOp,
  groupsOf,
  layerParams,
  printLayer,
  validateLayer,
  variable,
  type AggregateDef,
  type Expr,
  type LayerMode,
} from '@actsearch/expr';
import { tfOp, type TfOp } from '../activation/tf-ops.ts';

export interface LayerGeometry {
  /** Positions per sample (rows of one sample): 1 for a dense layer, h·w for a convolution. */
  readonly positions: number;
}

type Node =
  | { readonly kind: 'x' }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'param'; readonly index: number }
  | {
      readonly kind: 'op';
      readonly name: string;
      readonly fn: TfOp;
      readonly args: readonly number[];
      readonly partials: readonly Expr[];
      /** Per partial: whether it can be ±∞/NaN at finite arguments (exp, 1/x, …). */
      readonly mayOverflow: readonly boolean[];
    }
  | { readonly kind: 'agg'; readonly def: AggregateDef; readonly key: string; readonly groups: number; readonly arg: number };

/** What a node's value depends on: its shape is a scalar, a [C] vector, or the full [rows, C]. */
type Dep = 'none' | 'params' | 'x';

export interface BatchStatistic {
  /** The aggregate's printed call, e.g. `batch_var(x)`: the key of its running average. */
  readonly key: string;
  readonly stat: AggregateDef['stat'];
}

export interface LayerForward {
  readonly y: tf.Tensor2D;
  /** Training mode: each batch statistic's value on this batch, [C], in `batchStatistics` order. */
  readonly batchStats: readonly tf.Tensor1D[];
  /** ∂L/∂x and ∂L/∂p (each [C]) from ∂L/∂y. Call inside the same tidy scope as the forward. */
  backward(dy: tf.Tensor2D): { dx: tf.Tensor2D; grads: tf.Tensor1D[] };
}

export interface CompiledLayer {
  readonly kind: 'layer';
  readonly expr: Expr;
  readonly text: string;
  readonly paramNames: readonly string[];
  readonly paramInits: readonly number[];
  readonly batchStatistics: readonly BatchStatistic[];
  /**
   * 'train': batch aggregates use the batch (and `batchStats` reports them); 'eval': they use
   * `running` (one [C] tensor per batch statistic, in `batchStatistics` order).
   */
  forward(
    x: tf.Tensor2D,
    geometry: LayerGeometry,
    params: readonly tf.Tensor[],
    mode: LayerMode,
    running?: readonly tf.Tensor[],
  ): LayerForward;
  dispose(): void;
}

/** Ops whose TF.js kernels broadcast without a slow path (measured on WASM). */
const FAST_BROADCAST = new Set(['add', 'sub', 'mul', 'div']);

function compileFail(message: string): never {
  throw new ValidationError(message, [{ path: 'expr', message }]);
}

export function compileLayer(e: Expr): CompiledLayer {
  validateLayer(e);
  const params = layerParams(e);
  const paramIndex = new Map(params.map((p, i) => [p.name, i]));
  const nodes: Node[] = [];
  const deps: Dep[] = [];
  const memo = new Map<string, number>();
  const batchStatistics: BatchStatistic[] = [];
  const batchIndex = new Map<string, number>();

  const push = (key: string, node: Node, dep: Dep): number => {
    const found = memo.get(key);
    if (found !== undefined) return found;
    nodes.push(node);
    deps.push(dep);
    memo.set(key, nodes.length - 1);
    return nodes.length - 1;
  };
  const join = (ds: readonly Dep[]): Dep => (ds.includes('x') ? 'x' : ds.includes('params') ? 'params' : 'none');

  const add = (n: Expr): number => {
    switch (n.kind) {
      case 'var':
        if (n.name !== 'x') compileFail(`a layer has one input, x; found '${n.name}'`);
        return push('x', { kind: 'x' }, 'x');
      case 'const':
        return push(`c:${Object.is(n.value, -0) ? '-0' : String(n.value)}`, { kind: 'const', value: n.value }, 'none');
      case 'param':
        return push(`p:${n.name}`, { kind: 'param', index: paramIndex.get(n.name) as number }, 'params');
      case 'call': {
        const def = getAggregate(n.op);
        if (def) {
          const arg = add(n.args[0] as Expr);
          const key = printLayer(n);
          if (def.axis === 'batch' && !batchIndex.has(key)) {
            batchIndex.set(key, batchStatistics.length);
            batchStatistics.push({ key, stat: def.stat });
          }
          // An aggregate's value is broadcast over the full tensor, whatever its argument's shape.
          return push(`a:${key}`, { kind: 'agg', def, key, groups: def.arity === 2 ? groupsOf(n) : 1, arg }, 'x');
        }
        const op = getOp(n.op);
        const fn = tfOp(n.op);
        if (!op || !fn) compileFail(`no TF.js implementation for op '${n.op}'`);
        const args = n.args.map(add);
        const partials = op.partials(args.map((_, i) => variable(`a${i}`)));
        const mayOverflow = partials.map((p) => !isAlwaysFinite(p));
        return push(
          `${op.name}(${args.join(',')})`,
          { kind: 'op', name: op.name, fn, args, partials, mayOverflow },
          join(args.map((a) => deps[a] as Dep)),
        );
      }
    }
  };
  const root = add(e);
  const constants = new Map<number, tf.Scalar>();
  const constant = (v: number): tf.Scalar => {
    let c = constants.get(v);
    if (!c) {
      c = tf.keep(tf.scalar(v));
      constants.set(v, c);
    }
    return c;
  };

  /** A partial derivative (an element-wise expression of the op's arguments a0, a1, …) on tensors. */
  const evalPartial = (p: Expr, args: readonly tf.Tensor[]): tf.Tensor => {
    switch (p.kind) {
      case 'var':
        return args[Number(p.name.slice(1))] as tf.Tensor;
      case 'const':
        return constant(p.value);
      case 'param':
        return compileFail(`a partial derivative refers to parameter '${p.name}'`);
      case 'call': {
        const fn = tfOp(p.op);
        if (!fn) compileFail(`no TF.js implementation for op '${p.op}'`);
        return fn(...p.args.map((a) => evalPartial(a, args)));
      }
    }
  };

  return {
    kind: 'layer',
    expr: e,
    text: printLayer(e),
    paramNames: params.map((p) => p.name),
    paramInits: params.map((p) => p.init),
    batchStatistics,
    forward(x, geometry, ps, mode, running) {
      const [rows, C] = x.shape;
      const P = geometry.positions;
      if (!(P >= 1 && rows % P === 0)) compileFail(`${rows} rows are not whole samples of ${P} positions`);
      const N = rows / P;
      // Everything is computed in the view [N, P, C]. Statistics keep their reduced shape ([1, 1, C],
      // [N, 1, C], [N, 1, 1]) and broadcast, so no full-size copy of a statistic is ever made.
      const shape3 = [N, P, C];
      const isFull = (t: tf.Tensor) => t.rank === 3 && t.shape[0] === N && t.shape[1] === P && t.shape[2] === C;
      const full = (t: tf.Tensor): tf.Tensor => (isFull(t) ? t : tf.add(tf.zeros(shape3), t));
      /** How an aggregate reduces a [N, P, C] tensor: the reshape, the axes of one cell, the cell size. */
      const cells = (def: AggregateDef, groups: number): { shape: number[]; axes: number[]; n: number } => {
        switch (def.axis) {
          case 'batch':
            return { shape: shape3, axes: [0, 1], n: N * P };
          case 'instance':
            return { shape: shape3, axes: [1], n: P };
          case 'group':
            if (C % groups !== 0) compileFail(`'${def.name}': ${C} channels do not divide into ${groups} groups`);
            return { shape: [N, P, groups, C / groups], axes: [1, 3], n: (P * C) / groups };
          case 'layer':
            return { shape: shape3, axes: [1, 2], n: P * C };
        }
      };
      /** A reduced statistic in a shape that broadcasts against [N, P, C]. */
      const broadcastable = (stat: tf.Tensor, def: AggregateDef, groups: number): tf.Tensor =>
        def.axis === 'group' ? tf.reshape(tf.broadcastTo(stat, [N, 1, groups, C / groups]), [N, 1, C]) : stat;
      const values: tf.Tensor[] = new Array(nodes.length);
      /** Per aggregate node: its argument's view and cell mean (for the variance's backward). */
      const saved: ({ view: tf.Tensor; mean: tf.Tensor; shape: number[]; axes: number[]; n: number } | undefined)[] = new Array(
        nodes.length,
      );
      const batchStats: tf.Tensor1D[] = new Array(batchStatistics.length);
      const x3 = tf.reshape(x, shape3);
      nodes.forEach((node, i) => {
        switch (node.kind) {
          case 'x':
            values[i] = x3;
            return;
          case 'const':
            values[i] = constant(node.value);
            return;
          case 'param':
            values[i] = ps[node.index] as tf.Tensor;
            return;
          case 'op': {
            const args = node.args.map((a) => values[a] as tf.Tensor);
            // WASM broadcasts + − · ÷ fast but other binary ops (max, min, pow, …) ~6× slower than
            // on equal shapes: give those full-size arguments when one already is.
            const expand = args.length > 1 && !FAST_BROADCAST.has(node.name) && args.some(isFull);
            values[i] = node.fn(...(expand ? args.map(full) : args));
            return;
          }
          case 'agg': {
            const b = batchIndex.get(node.key);
            if (mode === 'eval' && b !== undefined) {
              const r = running?.[b];
              if (!r) compileFail(`evaluation mode needs the running statistic '${node.key}'`);
              values[i] = tf.reshape(r, [1, 1, C]);
              return;
            }
            const { shape, axes, n } = cells(node.def, node.groups);
            const view = tf.reshape(full(values[node.arg] as tf.Tensor), shape);
            const mean = tf.mean(view, axes, true);
            const stat = node.def.stat === 'mean' ? mean : tf.mean(tf.square(tf.sub(view, mean)), axes, true);
            saved[i] = { view, mean, shape, axes, n };
            if (b !== undefined) batchStats[b] = tf.reshape(stat, [C]) as tf.Tensor1D;
            values[i] = broadcastable(stat, node.def, node.groups);
          }
        }
      });
      const y = tf.reshape(full(values[root] as tf.Tensor), [rows, C]) as tf.Tensor2D;

      const backward = (dy: tf.Tensor2D) => {
        // Every gradient below is full-size [N, P, C] (the root's is, and each rule keeps it so), so
        // summing one over N and P gives a per-channel parameter's gradient.
        const grads: (tf.Tensor | undefined)[] = new Array(nodes.length);
        grads[root] = tf.reshape(dy, shape3);
        const accumulate = (i: number, g: tf.Tensor) => {
          if (deps[i] === 'none') return;
          const prev = grads[i];
          grads[i] = prev ? tf.add(prev, g) : g;
        };
        for (let i = nodes.length - 1; i >= 0; i--) {
          const g = grads[i];
          const node = nodes[i] as Node;
          if (!g) continue;
          if (node.kind === 'op') {
            const args = node.args.map((a) => values[a] as tf.Tensor);
            node.args.forEach((a, k) => {
              if (deps[a] === 'none') return;
              const p = node.partials[k] as Expr;
              if (p.kind === 'const' && p.value === 0) return;
              if (p.kind === 'const' && p.value === 1) return accumulate(a, full(g));
              const product = tf.mul(g, evalPartial(p, args));
              // Where no gradient arrives (g = 0: e.g. the branch a max did not select), none leaves,
              // even where this op's slope overflows: 0·∞ would be NaN. The activations' derivative
              // avoids the product by selecting branches (OpDef.chain); reverse mode needs this guard.
              accumulate(a, full(node.mayOverflow[k] ? tf.where(tf.equal(g, 0), tf.zerosLike(product), product) : product));
            });
          } else if (node.kind === 'agg') {
            const s = saved[i];
            if (!s || deps[node.arg] === 'none') continue; // eval-mode running statistics are constants
            const cellSum = tf.sum(tf.reshape(g, s.shape), s.axes, true);
            const d =
              node.def.stat === 'mean'
                ? tf.add(tf.zeros(s.shape), tf.div(cellSum, s.n))
                : tf.mul(tf.sub(s.view, s.mean), tf.mul(cellSum, 2 / s.n));
            accumulate(node.arg, tf.reshape(d, shape3));
          }
        }
        const toChannels = (g: tf.Tensor | undefined): tf.Tensor1D => (g === undefined ? tf.zeros([C]) : tf.sum(g, [0, 1])) as tf.Tensor1D;
        const dxNode = memo.get('x');
        const gx = dxNode === undefined ? undefined : grads[dxNode];
        return {
          dx: (gx === undefined ? tf.zerosLike(x) : tf.reshape(gx, [rows, C])) as tf.Tensor2D,
          grads: params.map((p) => toChannels(grads[memo.get(`p:${p.name}`) as number])),
        };
      };
      return { y, batchStats, backward };
    },
    dispose() {
      for (const c of constants.values()) c.dispose();
      constants.clear();
    },
  };
}

export function isCompiledLayer(c: unknown): c is CompiledLayer {
  return typeof c === 'object' && c !== null && (c as { kind?: unknown }).kind === 'layer';
}
