import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '@actsearch/core';
import { fieldPath, parseInput } from '../../../packages/http/src/validation.ts';

describe('validation errors', () => {
  it('write paths as dotted fields with [i] for positions', () => {
    expect(fieldPath(['budget', 'candidates'], 'body')).toBe('budget.candidates');
    expect(fieldPath(['tasks', 1], 'body')).toBe('tasks[1]');
    expect(fieldPath(['a', 0, 'b', 2], 'body')).toBe('a[0].b[2]');
    expect(fieldPath([], 'query')).toBe('query');
  });

  it("list every problem with a plain message, keep a schema's own message, and split unknown keys", async () => {
    const schema = z.strictObject({
      budget: z.strictObject({ candidates: z.number().int().max(10) }),
      tasks: z.array(z.string().min(1)).min(1),
      name: z.string().refine((s) => s !== 'x', 'x is reserved'),
      mode: z.enum(['a', 'b']),
    });
    const error = await parseInput(
      schema,
      { budget: { candidates: 11, extra: 1 }, tasks: [''], name: 'x', mode: 'c', colour: 1 },
      'body',
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual(
      expect.arrayContaining([
        { path: 'budget.candidates', message: 'must be ≤ 10' },
        { path: 'budget.extra', message: 'unknown field' },
        { path: 'tasks[0]', message: 'must not be empty' },
        { path: 'name', message: 'x is reserved' },
        { path: 'mode', message: 'must be one of "a", "b"' },
        { path: 'colour', message: 'unknown field' },
      ]),
    );
    expect((error as ValidationError).message).toMatch(/^invalid request body: .+ \(and 5 more\)$/);
    const missing = await parseInput(schema, {}, 'body').catch((e: ValidationError) => e);
    expect((missing as ValidationError).fields.find((f) => f.path === 'budget')?.message).toBe('required');
    const wrongType = await parseInput(z.object({ n: z.number().int() }), { n: 'five' }, 'query').catch((e: ValidationError) => e);
    expect((wrongType as ValidationError).fields).toEqual([{ path: 'n', message: 'expected number, got string' }]);
  });
});
