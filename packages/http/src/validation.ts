/** Parses one part of a request with its route's schema; problems become one ValidationError. */
import { ValidationError } from '@actsearch/core';
import { fieldErrors, messageOf, type InputPart } from '@actsearch/contract';
import type { z } from 'zod';

export { fieldErrors, fieldPath, type InputPart } from '@actsearch/contract';

const SUMMARY: Readonly<Record<InputPart, string>> = {
  body: 'invalid request body',
  query: 'invalid query parameters',
  params: 'invalid path parameters',
};

/** Parses one part of a request; throws ValidationError with every problem found. */
export async function parseInput<T>(schema: z.ZodType<T>, value: unknown, part: InputPart): Promise<T> {
  const result = await schema.safeParseAsync(value, { error: messageOf });
  if (result.success) return result.data;
  const fields = fieldErrors(result.error, part);
  const first = fields[0];
  const detail =
    first === undefined ? '' : `: ${first.path} ${first.message}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''}`;
  throw new ValidationError(`${SUMMARY[part]}${detail}`, fields);
}
