/**
 * Identifiers in generated code. Parameter names come from the AST, so they are checked against a
 * strict pattern and renamed (`lambda` → `lambda_`) where a target language reserves them; nothing
 * from the user reaches code without passing through here.
 */
export type IdentStyle = 'python' | 'js';

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const PYTHON_RESERVED = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'type',
  // names the generated modules themselves use
  'x',
  'np',
  'math',
  'torch',
  'nn',
  'F',
  'tf',
  'jax',
  'jnp',
  'self',
  'Optional',
  'dim',
  'axis',
  'channels',
  'inputs',
  'kwargs',
  'config',
  'shape',
  'float',
  'int',
  'abs',
  'max',
  'min',
  'pow',
]);

const JS_RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'await',
  'async',
  'of',
  'arguments',
  'eval',
  'undefined',
  'NaN',
  'Infinity',
  'Math',
  'Number',
  'Object',
  'Array',
  'Float64Array',
  // names the generated modules themselves use
  'x',
  'tf',
  'params',
  'out',
  'i',
  'n',
  'scalar',
  'config',
  'inputs',
  'kwargs',
  'shape',
  'axis',
  'channels',
  'defaultParams',
  'perChannel',
]);

/** Maps each parameter name to an identifier that is legal and free in the given language. */
export function safeIdentifiers(names: readonly string[], style: IdentStyle, taken: Iterable<string> = []): Map<string, string> {
  const reserved = style === 'python' ? PYTHON_RESERVED : JS_RESERVED;
  const used = new Set<string>(taken);
  const out = new Map<string, string>();
  for (const name of names) {
    let id = name;
    while (reserved.has(id) || used.has(id)) id = `${id}_`;
    used.add(id);
    out.set(name, id);
  }
  return out;
}

/** `swish_beta` → `SwishBeta`. */
export function pascalCase(name: string): string {
  const parts = name.split(/_+/).filter((p) => p.length > 0);
  const joined = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `A${joined}`;
}

/** `swish_beta` → `swishBeta`. */
export function camelCase(name: string): string {
  const p = pascalCase(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** `SwishBeta` → `swish_beta`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/__+/g, '_')
    .toLowerCase();
}
