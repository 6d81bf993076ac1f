/**
 * AST → code for one call-template language. Every operator's code comes from the op table; leaves
 * are printed here (numbers by the language's literal printer, parameters by their checked
 * identifiers). For PyTorch, whose ops reject plain Python numbers (`torch.exp(2.0)` is a TypeError),
 * and TensorFlow, which turns them into float32 tensors that then clash with a float64 input, sub-trees
 * without `x` or a parameter are folded to one float64 number first.
 */
import type { Expr } from '../ast.ts';
import { codeHelpers, resolveHelpers } from '../ops/code-helpers.ts';
import { getOp } from '../ops/registry.ts';
import type { CodeLang } from '../ops/types.ts';
import { evaluate } from '../evaluate.ts';
import { latexNumber } from './literals.ts';

export interface CodeTarget {
  readonly lang: CodeLang;
  readonly number: (v: number) => string;
  /** The identifier that holds a parameter's value in the generated function. */
  readonly paramId: (name: string) => string;
  /** Replace constant sub-trees by their float64 value. */
  readonly foldConstants?: boolean;
  /** Rewrites a constant argument (a literal, or a folded sub-tree) of operator `op` at position `index`. */
  readonly constantArgument?: (op: string, index: number, literal: string) => string;
}

export interface RenderedCode {
  readonly code: string;
  /** Helper names the code needs, each after the helpers it calls. */
  readonly helpers: readonly string[];
}

function isConstantTree(e: Expr): boolean {
  if (e.kind === 'const') return true;
  if (e.kind === 'call') return e.args.every(isConstantTree);
  return false;
}

export function renderCode(expr: Expr, target: CodeTarget): RenderedCode {
  const needed: string[] = [];
  const walk = (e: Expr): string => {
    switch (e.kind) {
      case 'var':
        return 'x';
      case 'const':
        return target.number(e.value);
      case 'param':
        return target.paramId(e.name);
      case 'call': {
        if (target.foldConstants && isConstantTree(e)) return target.number(evaluate(e, 0));
        const op = getOp(e.op);
        if (!op) throw new Error(`unknown operator '${e.op}' (the export was not validated)`);
        for (const h of op.helpers?.[target.lang] ?? []) if (!needed.includes(h)) needed.push(h);
        const args = e.args.map((a, i) => {
          const code = walk(a);
          return target.constantArgument && isConstantTree(a) ? target.constantArgument(e.op, i, code) : code;
        });
        return op.code[target.lang](args);
      }
    }
  };
  const code = walk(expr);
  return { code, helpers: resolveHelpers(target.lang, needed) };
}

/** The source text of helpers, in the given order. */
export function helperSource(lang: CodeLang, names: readonly string[]): string {
  return names.map((n) => (codeHelpers[lang][n] ?? '').trimEnd()).join('\n\n');
}

const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'sigma',
  'tau',
  'theta',
  'rho',
  'omega',
  'phi',
  'psi',
  'eta',
  'zeta',
  'xi',
  'chi',
]);

/** `beta` → `\beta`, `beta2` → `\beta_{2}`, `v1` → `v_{1}`, `scale` → `\mathrm{scale}`. */
export function latexParamName(name: string): string {
  const m = /^([A-Za-z]+?)_?([0-9]*)$/.exec(name);
  const stem = m?.[1] ?? name;
  const index = m?.[2] ?? '';
  const head = GREEK.has(stem) ? `\\${stem}` : stem.length === 1 ? stem : `\\mathrm{${stem.replace(/_/g, '\\_')}}`;
  return index === '' ? head : `${head}_{${index}}`;
}

export function renderLatex(expr: Expr): string {
  const walk = (e: Expr): string => {
    switch (e.kind) {
      case 'var':
        return 'x';
      case 'const':
        return latexNumber(e.value);
      case 'param':
        return latexParamName(e.name);
      case 'call': {
        const op = getOp(e.op);
        if (!op) throw new Error(`unknown operator '${e.op}' (the export was not validated)`);
        return op.latex(e.args.map(walk));
      }
    }
  };
  return walk(expr);
}
