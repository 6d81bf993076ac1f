import { Prisma } from './client.ts';

/** What the JSON columns hold (spec, strategy state, meta, features, curve). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A JSON column's input: `undefined` leaves the column alone, `null` stores SQL NULL (Prisma would
 * otherwise need to be told which null is meant).
 */
export function jsonInput(value: JsonValue | undefined): Prisma.InputJsonValue | typeof Prisma.DbNull | undefined {
  if (value === undefined) return undefined;
  if (value === null) return Prisma.DbNull;
  return value as Prisma.InputJsonValue;
}
