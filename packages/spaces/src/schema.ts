/**
 * The shape of a space file as data (YAML → plain values → this schema). The expression-level checks
 * (templates parse, shapes use known operators) happen after, in parse-space.ts.
 */
import { z } from 'zod';

export const MAX_UNITS = 10;
const MAX_OPERATORS = 256;

const opName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { error: 'an operator name is a letter followed by letters, digits or _' });

// A bare number is a valid template (`zero: 0`); YAML reads it as a number, the parser wants text.
const template = z.union([z.string().trim().min(1).max(1000), z.number()], {
  error: 'a template is an expression text such as "sigmoid(x)"',
});

const opTable = z
  .record(opName, template, { error: 'expected a mapping of operator name to template' })
  .refine((t) => Object.keys(t).length <= MAX_OPERATORS, { error: `at most ${MAX_OPERATORS} operators` })
  .default({});

const unitCount = z.number().int().min(1).max(MAX_UNITS);
const units = z.union(
  [
    unitCount,
    z.strictObject({ min: unitCount, max: unitCount }).refine((u) => u.min <= u.max, { error: 'min must be ≤ max', path: ['max'] }),
  ],
  { error: `units is a count (1–${MAX_UNITS}) or {min, max}` },
);

const shape = z.union([z.string().min(1), z.strictObject({ units })], {
  error: 'a shape is a tree text such as "binary(unary(x),unary(x))" or {units: N} or {units: {min, max}}',
});

export const spaceFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: 'an id is lowercase letters, digits, - and _ (at most 64)' }),
  version: z.union([z.number().int().min(0), z.string().min(1).max(64)], { error: 'a version is a number or a short text' }),
  title: z.string().min(1).max(200),
  /** `layer`: a space of normalization-activation layers (docs/layers.md); default `activation`. */
  kind: z.enum(['activation', 'layer'], { error: 'kind is activation or layer' }).optional(),
  source: z.string().min(1).optional(),
  description: z.string().optional(),
  operators: z.strictObject({ unary: opTable, binary: opTable }),
  shapes: z.array(shape).min(1).max(64),
});

export type SpaceFile = z.infer<typeof spaceFileSchema>;
