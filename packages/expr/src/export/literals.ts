/**
 * Number literals and comment text for generated code. Every number in an export is printed here
 * from a float64 value (shortest round-trip form), so the exported code computes with exactly the
 * constants of the AST.
 */

/** A Python float literal; negative values come parenthesised so that any template can embed them. */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (v === Infinity) return 'float("inf")';
  if (v === -Infinity) return '(-float("inf"))';
  if (Object.is(v, -0)) return '(-0.0)';
  const s = String(v);
  const text = /[.e]/.test(s) ? s : `${s}.0`;
  return v < 0 ? `(${text})` : text;
}

/** A JavaScript/TypeScript number literal. */
export function jsNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

/** A number in LaTeX: `1.5`, `3 \times 10^{-7}`, `\infty`. */
export function latexNumber(v: number): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '\\left(-\\infty\\right)';
  const s = String(Math.abs(v));
  const m = /^([0-9.]+)e([+-])([0-9]+)$/.exec(s);
  const body = m ? `${m[1] === '1' ? '' : `${m[1]} \\times `}10^{${m[2] === '-' ? '-' : ''}${m[3]}}` : s;
  return v < 0 || Object.is(v, -0) ? `\\left(-${body}\\right)` : body;
}

/**
 * Text safe inside a one-line comment of any target language: printable ASCII and common Unicode
 * only, no line breaks, bounded length. Header comments are the only place where text that did not
 * come from the op table can appear in an export.
 */
export function commentText(text: string, maxLength = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}
