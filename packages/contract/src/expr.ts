/** `POST /api/expr/parse`: the dashboard's expression box. */
import { z } from 'zod';
import { candidateKindSchema, layerPartsSchema, plotNoteSchema, plotSchema } from './common.ts';

export const parsedExprSchema = z.object({
  kind: candidateKindSchema,
  text: z.string(),
  canonical: z.string(),
  fingerprint: z.string().describe('a layer: its layer fingerprint (probe tensor)'),
  params: z.array(z.object({ name: z.string(), init: z.number() })),
  size: z.number().int(),
  depth: z.number().int(),
  features: z
    .record(z.string(), z.union([z.number(), z.boolean(), z.null()]))
    .describe("an activation's features on the probe points; empty for a layer"),
  plot: plotSchema,
  plotNote: plotNoteSchema,
  layer: layerPartsSchema,
});
