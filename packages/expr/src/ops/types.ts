import type { Expr } from '../ast.ts';

/** Target languages of the code templates. */
export type CodeLang = 'numpy' | 'torch' | 'tf' | 'jax' | 'tfjs' | 'ts';

export const CODE_LANGS: readonly CodeLang[] = ['numpy', 'torch', 'tf', 'jax', 'tfjs', 'ts'];

export type OpFamily = 'arith' | 'elementary' | 'special' | 'activation' | 'kernel' | 'evonorm';

/** Renders one call in one language from the already-rendered argument code. */
export type CodeTemplate = (args: readonly string[]) => string;

/**
 * One operator of the activation algebra. The op table (`listOps()`) is the single definition of every
 * operator: evaluation, calculus, and how to write it in LaTeX and in each export language.
 */
export interface OpDef {
  readonly name: string;
  readonly arity: number;
  readonly aliases: readonly string[];
  /** Default constant per argument position, for optional trailing arguments (`leaky_relu(x)`). */
  readonly defaults?: readonly (number | undefined)[];
  /** Float64 value. */
  f64(...args: number[]): number;
  /**
   * Float32 value for float32 arguments: what a float32 network computes. Primitive ops are the float32
   * rounding of the float64 value; composite activations are their defining formula evaluated op by op
   * in float32, so `swish(x)` and `x * sigmoid(x)` agree bit for bit.
   */
  f32(...args: number[]): number;
  /** Partial derivatives ∂op/∂arg_i as expressions of the args (almost-everywhere derivatives). */
  partials(args: readonly Expr[]): readonly Expr[];
  /**
   * The chain rule by selection, for piecewise ops (min, max, relu, where, …): the derivative of the
   * call from its args and their derivatives `d` (constant 0 for an arg that does not depend on the
   * variable), written with `where` so that it *selects* the active branch's derivative. The product
   * form Σ ∂op/∂aᵢ·aᵢ′ multiplies an unselected branch by a 0/1 step, and 0·∞ = NaN wherever that
   * branch overflows (min(expm1(x), relu(x))′ at x > 88 in float32). Ops without it use `partials`.
   */
  chain?(args: readonly Expr[], d: readonly Expr[]): Expr;
  latex(args: readonly string[]): string;
  /**
   * Code for one call in each language, given the already-rendered argument code. Every template
   * uses each argument at most once (so nesting never duplicates code) and yields a self-delimited
   * expression (a call or a parenthesised group). Names assumed in scope: numpy `np`; torch `torch`,
   * `F` (torch.nn.functional); tf `tf`; jax `jax`, `jnp` (with `jax.scipy.special` imported); tfjs `tf`
   * (@tensorflow/tfjs); ts plain `Math` on numbers. Templates assume tensor arguments where the target
   * API needs one (fold constant sub-expressions with `canonicalize` before export).
   */
  readonly code: Readonly<Record<CodeLang, CodeTemplate>>;
  /**
   * Names of helper snippets (from `codeHelpers[lang]`) that `code[lang]` calls, closed under the
   * helpers' own dependencies and listed dependencies first.
   */
  readonly helpers?: Partial<Readonly<Record<CodeLang, readonly string[]>>>;
  readonly family: OpFamily;
  readonly summary: string;
}
