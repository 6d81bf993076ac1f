/** `GET /api/spaces[/:id]`: the search spaces a server knows. */
import { z } from 'zod';

export const countSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).describe('exact; a decimal string beyond 2^53');

export const spaceSummarySchema = z
  .object({
    id: z.string(),
    version: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    source: z.string().nullable(),
    contentHash: z.string(),
    members: countSchema,
    shapes: z.number().int(),
  })
  .meta({ id: 'SpaceSummary' });

export const spaceDetailSchema = spaceSummarySchema
  .extend({
    shapes: z.array(z.object({ label: z.string(), members: countSchema, decisions: z.number().int() })),
    operators: z.object({
      unary: z.array(z.object({ name: z.string(), text: z.string() })),
      binary: z.array(z.object({ name: z.string(), text: z.string() })),
    }),
  })
  .meta({ id: 'Space' });
