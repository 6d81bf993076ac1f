/** `POST /api/expr/parse`: the dashboard's expression box. */
import { z } from 'zod';

export const parsedExprSchema = z.object({
  text: z.string(),
  canonical: z.string(),
  fingerprint: z.string(),
  params: z.array(z.object({ name: z.string(), init: z.number() })),
  size: z.number().int(),
  depth: z.number().int(),
  features: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
  plot: z.object({ x: z.array(z.number()), f: z.array(z.number().nullable()), df: z.array(z.number().nullable()) }),
});
