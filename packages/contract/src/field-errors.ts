/**
 * zod failures as the field errors the wire carries: one per problem, with a dotted path
 * (`budget.candidates`, `tasks[1]`) and a short message that says what would be accepted. One
 * formatting for every validator (the API's request parsing, the engine's campaign spec), so a client
 * sees the same words whichever layer found the problem.
 */
import type { FieldError } from '@actsearch/core';
import type { z } from 'zod';

export type InputPart = 'body' | 'query' | 'params';

/** `['budget', 'candidates']` → `budget.candidates`; `['tasks', 1]` → `tasks[1]`; `[]` → the part's name. */
export function fieldPath(path: readonly PropertyKey[], part: InputPart): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? part : out;
}

function limitOf(issue: { inclusive?: boolean }, op: '<' | '>'): string {
  return issue.inclusive === false ? op : op === '<' ? '≤' : '≥';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Plain-words messages, used as the per-parse error map: zod prefers a message the schema set itself
 * (`.max(10, 'too many tasks')`, refinements), and falls back to these.
 */
export function messageOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) return 'must be a finite number';
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${describeType(issue.input)}`;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${max} items`;
      return `must be ${limitOf(issue, '<')} ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at least ${min} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be ${limitOf(issue, '>')} ${min}`;
    }
    case 'invalid_value':
      return `must be one of ${(issue.values as readonly unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'matches none of the accepted forms';
    default:
      return issue.message ?? 'invalid value';
  }
}

export function fieldErrors(error: z.ZodError, part: InputPart): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields.push({ path: fieldPath([...issue.path, key], part), message: 'unknown field' });
    } else {
      fields.push({ path: fieldPath(issue.path, part), message: issue.message });
    }
  }
  return fields;
}
