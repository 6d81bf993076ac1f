import { ParseError } from '@actsearch/core';

export type TokenKind = 'num' | 'ident' | 'op' | '(' | ')' | ',' | ';' | '=' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text; `^` for both `^` and `**`. */
  readonly text: string;
  /** 1-based column of the first character. */
  readonly col: number;
  readonly value?: number;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isIdentPart = (c: string | undefined) => isIdentStart(c) || isDigit(c);

/** Split expression text into tokens; throws ParseError for characters that belong to no token. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const col = i + 1;
    if (isDigit(c) || (c === '.' && isDigit(input[i + 1]))) {
      let j = i;
      while (isDigit(input[j])) j++;
      if (input[j] === '.') {
        j++;
        while (isDigit(input[j])) j++;
      }
      if (input[j] === 'e' || input[j] === 'E') {
        let k = j + 1;
        if (input[k] === '+' || input[k] === '-') k++;
        if (isDigit(input[k])) {
          while (isDigit(input[k])) k++;
          j = k;
        }
      }
      const text = input.slice(i, j);
      const value = Number(text);
      if (!Number.isFinite(value)) throw new ParseError(`number '${text}' is out of range`, col, input);
      tokens.push({ kind: 'num', text, col, value });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(input[j])) j++;
      tokens.push({ kind: 'ident', text: input.slice(i, j), col });
      i = j;
      continue;
    }
    if (c === '*' && input[i + 1] === '*') {
      tokens.push({ kind: 'op', text: '^', col });
      i += 2;
      continue;
    }
    if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^') {
      tokens.push({ kind: 'op', text: c, col });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === ';' || c === '=') {
      tokens.push({ kind: c, text: c, col });
      i++;
      continue;
    }
    const cp = input.codePointAt(i) ?? 0;
    const shown = cp < 32 || cp === 127 ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
    throw new ParseError(`unexpected character ${shown}`, col, input);
  }
  tokens.push({ kind: 'eof', text: '', col: input.length + 1 });
  return tokens;
}
