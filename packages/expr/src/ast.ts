/**
 * The activation AST. Everything downstream (evaluation, derivative, fingerprint, training, export,
 * display) works from this data structure; user text is only ever parsed into it.
 *
 * Infix operators are ordinary calls: `a + b` is `{kind:'call', op:'add', args:[a, b]}`, unary minus is
 * `neg`, `^` is `pow`. A trainable parameter carries its initial value, so an AST alone is enough to
 * evaluate, fingerprint and export a function.
 */
export type Expr = VarNode | ConstNode | ParamNode | CallNode;

/** The input variable. Activations use `x`; op templates in space files may use `x1`, `x2`. */
export interface VarNode {
  readonly kind: 'var';
  readonly name: string;
}

export interface ConstNode {
  readonly kind: 'const';
  readonly value: number;
}

/** A trainable scalar (or per-channel) parameter such as `beta`, with its initial value. */
export interface ParamNode {
  readonly kind: 'param';
  readonly name: string;
  readonly init: number;
}

export interface CallNode {
  readonly kind: 'call';
  readonly op: string;
  readonly args: readonly Expr[];
}

export const X: VarNode = Object.freeze({ kind: 'var', name: 'x' });

export function variable(name = 'x'): VarNode {
  return name === 'x' ? X : { kind: 'var', name };
}

export function constant(value: number): ConstNode {
  return { kind: 'const', value };
}

export function param(name: string, init: number): ParamNode {
  return { kind: 'param', name, init };
}

export function call(op: string, ...args: Expr[]): CallNode {
  return { kind: 'call', op, args };
}
