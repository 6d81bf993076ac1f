const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What PostgreSQL can store as text: no NUL byte (its text type cannot hold one) and well-formed
 * Unicode (a lone surrogate has no UTF-8 encoding). The API refuses such input before it reaches a
 * query; the store uses the same rule for what it decodes itself (cursors).
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  return null;
}
