import { call, constant, param, variable, type Expr } from './ast.ts';
import { ParseError } from '@actsearch/core';
import { tokenize, type Token } from './lexer.ts';
import { getOp, opNames } from './ops/registry.ts';
import { DEFAULT_PARAM_INIT, isParamName } from './params.ts';
import { closestName } from './suggest.ts';
import { mapBottomUp } from './tree.ts';
import { aggregateNames, getAggregate, isAggregateName } from './layer/aggregates.ts';
import { LAYER_EPS, isLayerParamName, layerParamInit } from './layer/layer-params.ts';

export interface ParseOptions {
  /** Names read as variables (default `['x']`). */
  readonly variables?: readonly string[];
  /** Longest accepted input in characters (default 4096). */
  readonly maxLength?: number;
  /** Deepest accepted tree, a leaf counting 1, and deepest nesting of brackets (default 64). */
  readonly maxDepth?: number;
  /**
   * Parse a layer expression (`parseLayer`): tensor aggregates (`batch_var(x)`, `group_var(x, 4)`, …),
   * EvoNorm's parameters `v`, `v0`, `v1`, … and the constant `eps` are accepted, and parameters start
   * at their layer defaults (beta 0, others 1). Without it an aggregate is a ParseError.
   */
  readonly layer?: boolean;
}

export const DEFAULT_MAX_LENGTH = 4096;
export const DEFAULT_MAX_DEPTH = 64;

/**
 * Named constants. `inf` and `nan` exist so that `print` can write every constant; a minus sign
 * directly before a number, `inf` or `nan` folds into the constant (`-2` is the constant −2, while
 * `-(2)` and `-2^x` are negations).
 */
const NAMED_CONSTANTS: ReadonlyMap<string, { value: number; literal: boolean }> = new Map([
  ['pi', { value: Math.PI, literal: false }],
  ['e', { value: Math.E, literal: false }],
  ['inf', { value: Infinity, literal: true }],
  ['nan', { value: NaN, literal: true }],
]);

const PARAM_STEMS = ['alpha', 'beta', 'gamma', 'kappa', 'lambda'];

interface Parsed {
  readonly expr: Expr;
  readonly depth: number;
  /** A number literal (or inf/nan) not yet combined with anything: a leading minus folds into it. */
  readonly literal: boolean;
}

const leaf = (expr: Expr, literal = false): Parsed => ({ expr, depth: 1, literal });

/**
 * Parse the one textual syntax of activations: infix `+ - * / ^` (`**` also means power), unary minus,
 * numbers (`1e-3`, `.5`), variables, parameters (`beta`, `alpha2`, …), named constants (`pi`, `e`,
 * `inf`, `nan`), calls of any op or alias by name (`min(square(x), selu(x))`), and an optional trailing
 * clause of initial parameter values (`; beta = 1.5, kappa = 2`). Optional trailing arguments are
 * filled in with their defaults. Any bad input throws a ParseError (never anything else).
 */
export function parse(text: string, options: ParseOptions = {}): Expr {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (typeof text !== 'string') throw new ParseError('expression must be a string', 1, String(text));
  if (text.length > maxLength) throw new ParseError(`expression is longer than ${maxLength} characters`, maxLength + 1, text);
  return new Parser(text, tokenize(text), options.variables ?? ['x'], maxDepth, options.layer === true).parseAll();
}

class Parser {
  private pos = 0;
  private level = 0;
  private readonly variables: ReadonlySet<string>;
  private readonly usedParams = new Set<string>();

  constructor(
    private readonly input: string,
    private readonly tokens: readonly Token[],
    variables: readonly string[],
    private readonly maxDepth: number,
    private readonly layer: boolean,
  ) {
    this.variables = new Set(variables);
  }

  parseAll(): Expr {
    if (this.peek().kind === 'eof') this.fail('empty expression', 1);
    const main = this.expression().expr;
    const inits = this.declarations();
    const end = this.peek();
    if (end.kind !== 'eof') this.failTrailing(end);
    if (inits.size === 0) return main;
    return mapBottomUp(main, (n) => (n.kind === 'param' && inits.has(n.name) ? param(n.name, inits.get(n.name) as number) : n));
  }

  // ---- grammar -----------------------------------------------------------------------------------

  private expression(): Parsed {
    return this.additive();
  }

  private additive(): Parsed {
    let left = this.multiplicative();
    for (let t = this.peek(); t.kind === 'op' && (t.text === '+' || t.text === '-'); t = this.peek()) {
      this.pos++;
      const right = this.multiplicative();
      left = this.node(t.text === '+' ? 'add' : 'sub', [left, right], t.col);
    }
    return left;
  }

  private multiplicative(): Parsed {
    let left = this.unary();
    for (let t = this.peek(); t.kind === 'op' && (t.text === '*' || t.text === '/'); t = this.peek()) {
      this.pos++;
      const right = this.unary();
      left = this.node(t.text === '*' ? 'mul' : 'div', [left, right], t.col);
    }
    return left;
  }

  private unary(): Parsed {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.pos++;
      const inner = this.descend(t.col, () => this.unary());
      if (t.text === '+') return { ...inner, literal: false };
      if (inner.literal && inner.expr.kind === 'const') return leaf(constant(-inner.expr.value));
      return this.node('neg', [inner], t.col);
    }
    return this.power();
  }

  private power(): Parsed {
    const base = this.primary();
    const t = this.peek();
    if (t.kind === 'op' && t.text === '^') {
      this.pos++;
      const exponent = this.descend(t.col, () => this.unary());
      return this.node('pow', [base, exponent], t.col);
    }
    return base;
  }

  private primary(): Parsed {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return leaf(constant(t.value as number), true);
    }
    if (t.kind === '(') {
      this.pos++;
      const inner = this.descend(t.col, () => this.expression());
      const close = this.peek();
      if (close.kind !== ')') this.fail("missing ')'", close.col, `the '(' at column ${t.col} is not closed`);
      this.pos++;
      return { ...inner, literal: false };
    }
    if (t.kind === 'ident') {
      this.pos++;
      return this.tokens[this.pos]?.kind === '(' ? this.callOf(t) : this.name(t);
    }
    if (t.kind === 'eof') this.fail('unexpected end of expression', t.col, "expected a number, a name, a function call or '('");
    this.fail(`expected a number, a name, a function call or '(' but found '${t.text}'`, t.col);
  }

  private name(t: Token): Parsed {
    const name = t.text;
    if (this.variables.has(name)) return leaf(variable(name));
    if (this.isParam(name)) {
      this.usedParams.add(name);
      return leaf(param(name, this.layer ? layerParamInit(name) : DEFAULT_PARAM_INIT));
    }
    if (this.layer && name === 'eps') return leaf(constant(LAYER_EPS));
    if (isAggregateName(name)) this.fail(`'${name}' is a function`, t.col, `write ${name}(…)`);
    const named = NAMED_CONSTANTS.get(name);
    if (named) return leaf(constant(named.value), named.literal);
    if (getOp(name)) this.fail(`'${name}' is a function`, t.col, `write ${name}(…)`);
    // Variables first; other names only for words long enough that a near miss means something.
    const guess =
      closestName(name, [...this.variables]) ??
      (name.length >= 3 ? closestName(name, [...NAMED_CONSTANTS.keys(), ...PARAM_STEMS, ...opNames()]) : undefined);
    this.fail(
      `unknown name '${name}'`,
      t.col,
      guess
        ? `did you mean '${guess}'?`
        : `use ${[...this.variables].join(', ')}, parameters (beta, alpha2, …), numbers and function calls`,
    );
  }

  private callOf(t: Token): Parsed {
    const name = t.text;
    const aggregate = getAggregate(name);
    if (aggregate && !this.layer) {
      this.fail(
        `'${name}' is a layer aggregate: an element-wise activation cannot use statistics of the layer input`,
        t.col,
        'aggregates belong in layer expressions (parseLayer, a layer space, or a known layer such as evonorm_b0)',
      );
    }
    const op = aggregate ? { name, arity: aggregate.arity, defaults: undefined } : getOp(name);
    if (!op) {
      if (this.variables.has(name) || this.isParam(name))
        this.fail(`'${name}' is not a function`, t.col, `write '*' to multiply: ${name} * (…)`);
      const guess = closestName(name, this.layer ? [...opNames(), ...aggregateNames()] : opNames());
      this.fail(`unknown function '${name}'`, t.col, guess ? `did you mean '${guess}'?` : undefined);
    }
    this.pos++; // '('
    const args: Parsed[] = [];
    this.descend(t.col, () => {
      if (this.peek().kind !== ')') {
        for (;;) {
          args.push(this.expression());
          if (this.peek().kind !== ',') break;
          this.pos++;
        }
      }
      const close = this.peek();
      if (close.kind !== ')') {
        if (close.kind === 'eof') this.fail("missing ')'", close.col, `the call to '${name}' at column ${t.col} is not closed`);
        this.fail(`expected ',' or ')' in the call to '${name}' but found '${close.text}'`, close.col);
      }
      this.pos++;
    });
    const defaults = op.defaults ?? [];
    let required = op.arity;
    while (required > 0 && defaults[required - 1] !== undefined) required--;
    if (args.length < required || args.length > op.arity) {
      const wanted = required === op.arity ? `${op.arity}` : `${required} to ${op.arity}`;
      this.fail(`'${name}' takes ${wanted} argument${op.arity === 1 ? '' : 's'}, got ${args.length}`, t.col);
    }
    for (let i = args.length; i < op.arity; i++) args.push(leaf(constant(defaults[i] as number)));
    return this.node(op.name, args, t.col);
  }

  /** The trailing `; beta = 1.5, kappa = 2` clause: initial values of parameters used above. */
  private declarations(): Map<string, number> {
    const inits = new Map<string, number>();
    if (this.peek().kind !== ';') return inits;
    while (this.peek().kind === ';' || (inits.size > 0 && this.peek().kind === ',')) {
      this.pos++;
      const id = this.peek();
      if (id.kind === 'eof') break;
      if (id.kind !== 'ident') this.fail(`expected a parameter declaration like 'beta = 1.5' but found '${id.text}'`, id.col);
      this.pos++;
      if (!this.isParam(id.text)) {
        this.fail(
          `'${id.text}' is not a parameter name`,
          id.col,
          `parameters are alpha, beta, gamma, kappa or lambda${this.layer ? ', or v' : ''}, optionally numbered (beta2)`,
        );
      }
      if (this.peek().kind !== '=') this.fail(`expected '=' after '${id.text}'`, this.peek().col);
      this.pos++;
      const value = this.signedNumber(id.text);
      if (inits.has(id.text)) this.fail(`parameter '${id.text}' is declared twice`, id.col);
      if (!this.usedParams.has(id.text)) this.fail(`parameter '${id.text}' is declared but not used`, id.col);
      inits.set(id.text, value);
    }
    return inits;
  }

  private signedNumber(paramName: string): number {
    let sign = 1;
    const s = this.peek();
    if (s.kind === 'op' && (s.text === '-' || s.text === '+')) {
      this.pos++;
      if (s.text === '-') sign = -1;
    }
    const t = this.peek();
    const named = t.kind === 'ident' ? NAMED_CONSTANTS.get(t.text) : undefined;
    if (t.kind !== 'num' && !named) this.fail(`expected a number for '${paramName}'`, t.col);
    this.pos++;
    return sign * (t.kind === 'num' ? (t.value as number) : (named as { value: number }).value);
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private isParam(name: string): boolean {
    return this.layer ? isLayerParamName(name) : isParamName(name);
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private node(op: string, args: readonly Parsed[], col: number): Parsed {
    let depth = 0;
    for (const a of args) depth = Math.max(depth, a.depth);
    depth += 1;
    if (depth > this.maxDepth) this.tooDeep(col);
    return { expr: call(op, ...args.map((a) => a.expr)), depth, literal: false };
  }

  /** Guard recursion on the way down, so that no input can exhaust the stack. */
  private descend<T>(col: number, f: () => T): T {
    if (++this.level > this.maxDepth) this.tooDeep(col);
    try {
      return f();
    } finally {
      this.level--;
    }
  }

  private tooDeep(col: number): never {
    this.fail(`expression is nested deeper than ${this.maxDepth} levels`, col);
  }

  private failTrailing(t: Token): never {
    if (t.kind === ')') this.fail("unmatched ')'", t.col);
    if (t.kind === 'num' || t.kind === 'ident' || t.kind === '(') {
      this.fail(`missing operator before '${t.text}'`, t.col, "write '*' to multiply");
    }
    if (t.kind === ',') this.fail("unexpected ',' outside a function call", t.col);
    this.fail(`unexpected '${t.text}'`, t.col);
  }

  private fail(message: string, col: number, hint?: string): never {
    throw new ParseError(message, col, this.input, hint);
  }
}
