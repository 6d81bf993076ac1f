/**
 * Compiles an activation AST to TF.js. The function, its symbolic derivative (expr's `derivative`) and
 * its derivative with respect to each trainable parameter become one straight-line program with common
 * subexpressions shared (swish's σ(x) is computed once for f and f′), constant subtrees folded, and
 * one TF.js op per node (tf-ops.ts). Three ways to run it:
 *
 * - `apply`: the value only (inference);
 * - `applyWithGrad`: value and elementwise partials in one pass, for the hand-written backward pass of
 *   training;
 * - `applyCustomGrad`: the value wrapped in tf.customGrad whose gradient comes from the symbolic
 *   derivative, for use inside a tape (tf.grad / tf.variableGrads), e.g. a user's own model.
 *
 * Input and parameter tensors broadcast: parameters are scalars or per-channel vectors over the last
 * axis. Constant tensors are created on first use and kept until `dispose()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { derivative, evaluate, paramsOf, print, type Expr } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import type { ActivationFn, ActivationGrad } from './activation.ts';
import { tfOp, type TfOp } from './tf-ops.ts';

type Instr =
  | { readonly kind: 'x' }
  | { readonly kind: 'param'; readonly index: number }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'op'; readonly name: string; readonly fn: TfOp; readonly args: readonly number[] };

interface Program {
  readonly instrs: readonly Instr[];
  readonly dependsOnX: readonly boolean[];
}

class ProgramBuilder {
  readonly instrs: Instr[] = [];
  readonly dependsOnX: boolean[] = [];
  private readonly memo = new Map<string, number>();

  constructor(private readonly paramIndex: ReadonlyMap<string, number>) {}

  private push(key: string, instr: Instr, usesX: boolean): number {
    const found = this.memo.get(key);
    if (found !== undefined) return found;
    this.instrs.push(instr);
    this.dependsOnX.push(usesX);
    this.memo.set(key, this.instrs.length - 1);
    return this.instrs.length - 1;
  }

  private constant(value: number): number {
    return this.push(`c:${Object.is(value, -0) ? '-0' : String(value)}`, { kind: 'const', value }, false);
  }

  /** Returns the slot holding e's value; `constantOnly` tells whether e has neither x nor parameters. */
  add(e: Expr): { slot: number; constantOnly: boolean } {
    switch (e.kind) {
      case 'var':
        if (e.name !== 'x')
          throw new ValidationError(`an activation has one variable, x; found '${e.name}'`, [
            { path: 'expr', message: `unexpected variable ${e.name}` },
          ]);
        return { slot: this.push('x', { kind: 'x' }, true), constantOnly: false };
      case 'const':
        return { slot: this.constant(e.value), constantOnly: true };
      case 'param': {
        const index = this.paramIndex.get(e.name) as number;
        return { slot: this.push(`p:${e.name}`, { kind: 'param', index }, false), constantOnly: false };
      }
      case 'call': {
        const fn = tfOp(e.op);
        if (!fn) throw new ValidationError(`no TF.js implementation for op '${e.op}'`, [{ path: 'expr', message: `unknown op ${e.op}` }]);
        const args = e.args.map((a) => this.add(a));
        if (args.every((a) => a.constantOnly)) return { slot: this.constant(evaluate(e, 0)), constantOnly: true };
        const slots = args.map((a) => a.slot);
        const usesX = slots.some((s) => this.dependsOnX[s]);
        return { slot: this.push(`${e.op}(${slots.join(',')})`, { kind: 'op', name: e.op, fn, args: slots }, usesX), constantOnly: false };
      }
    }
  }
}

/** Slots needed to compute `roots`, in program (topological) order. */
function needed(instrs: readonly Instr[], roots: readonly number[]): number[] {
  const mark = new Array<boolean>(instrs.length).fill(false);
  const stack = [...roots];
  while (stack.length) {
    const s = stack.pop() as number;
    if (mark[s]) continue;
    mark[s] = true;
    const ins = instrs[s] as Instr;
    if (ins.kind === 'op') stack.push(...ins.args);
  }
  return mark.flatMap((m, i) => (m ? [i] : []));
}

export interface CompiledActivation extends ActivationFn {
  readonly expr: Expr;
  readonly derivatives: { readonly x: Expr; readonly params: readonly Expr[] };
  applyCustomGrad(z: tf.Tensor, params: readonly tf.Tensor[]): tf.Tensor;
  /** Number of TF.js ops one `applyWithGrad` call runs (after sharing and folding). */
  readonly opsWithGrad: number;
}

/** Sums a broadcast gradient back to a parameter's shape (scalar, or per-channel on the last axis). */
function reduceToParam(g: tf.Tensor, p: tf.Tensor): tf.Tensor {
  if (p.rank === 0) return tf.sum(g);
  const axes = Array.from({ length: g.rank - 1 }, (_, i) => i);
  return axes.length === 0 ? g : tf.sum(g, axes);
}

export function compileActivation(e: Expr): CompiledActivation {
  const params = paramsOf(e);
  const paramIndex = new Map(params.map((p, i) => [p.name, i]));
  const b = new ProgramBuilder(paramIndex);
  const yRoot = b.add(e).slot;
  const dx = derivative(e, 'x');
  const dps = params.map((p) => derivative(e, p.name));
  const dxRoot = b.add(dx).slot;
  const dpRoots = dps.map((d) => b.add(d).slot);
  const program: Program = { instrs: b.instrs, dependsOnX: b.dependsOnX };
  const valueSlots = needed(program.instrs, [yRoot]);
  const gradSlots = needed(program.instrs, [yRoot, dxRoot, ...dpRoots]);
  const derivSlots = needed(program.instrs, [dxRoot, ...dpRoots]);
  const constants = new Map<number, tf.Tensor>();

  const run = (slots: readonly number[], z: tf.Tensor, ps: readonly tf.Tensor[]): (tf.Tensor | undefined)[] => {
    const values: (tf.Tensor | undefined)[] = new Array(program.instrs.length);
    for (const s of slots) {
      const ins = program.instrs[s] as Instr;
      switch (ins.kind) {
        case 'x':
          values[s] = z;
          break;
        case 'param':
          values[s] = ps[ins.index];
          break;
        case 'const': {
          let c = constants.get(s);
          if (!c) {
            c = tf.keep(tf.scalar(ins.value));
            constants.set(s, c);
          }
          values[s] = c;
          break;
        }
        case 'op':
          values[s] = ins.fn(...ins.args.map((a) => values[a] as tf.Tensor));
          break;
      }
    }
    return values;
  };
  // A root that does not depend on x still has to have x's shape.
  const shaped = (slot: number, v: tf.Tensor, z: tf.Tensor): tf.Tensor => (program.dependsOnX[slot] ? v : tf.add(tf.zerosLike(z), v));

  const apply = (z: tf.Tensor, ps: readonly tf.Tensor[]): tf.Tensor => shaped(yRoot, run(valueSlots, z, ps)[yRoot] as tf.Tensor, z);

  const applyWithGrad = (z: tf.Tensor, ps: readonly tf.Tensor[]): ActivationGrad => {
    const v = run(gradSlots, z, ps);
    return { y: shaped(yRoot, v[yRoot] as tf.Tensor, z), dz: v[dxRoot] as tf.Tensor, dp: dpRoots.map((r) => v[r] as tf.Tensor) };
  };

  const custom = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const [z, ...ps] = inputs as [tf.Tensor, ...tf.Tensor[]];
    const y = apply(z, ps);
    save(inputs);
    return {
      value: y === z ? tf.clone(y) : y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zs, ...pss] = saved as [tf.Tensor, ...tf.Tensor[]];
        const v = run(derivSlots, zs, pss);
        const dz = tf.mul(dy, v[dxRoot] as tf.Tensor);
        return [dz, ...dpRoots.map((r, i) => reduceToParam(tf.mul(dy, v[r] as tf.Tensor), pss[i] as tf.Tensor))];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

  return {
    expr: e,
    text: print(e),
    paramNames: params.map((p) => p.name),
    paramInits: params.map((p) => p.init),
    derivatives: { x: dx, params: dps },
    opsWithGrad: gradSlots.filter((s) => program.instrs[s]?.kind === 'op').length,
    apply,
    applyWithGrad,
    applyCustomGrad: (z, ps) => custom(z, ...ps),
    dispose: () => {
      for (const c of constants.values()) c.dispose();
      constants.clear();
    },
  };
}
