import { createHash } from 'node:crypto';

/** Key order and formatting do not matter; values do. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a task version stands for: the validated content with defaults filled in, minus the words
 * (title, description), so a comment, a reformatting or a better title is not a new training.
 */
export function taskContentHash(validated: Readonly<Record<string, unknown>>): string {
  const { title: _title, description: _description, ...scored } = validated;
  return createHash('sha256').update(canonicalJson(scored)).digest('hex').slice(0, 16);
}
