/** `GET /api/activations/:fingerprint`: an activation's texts, features, evaluations and plot. */
import { z } from 'zod';
import { candidateKindSchema, layerPartsSchema, plotNoteSchema, plotSchema } from './common.ts';

export const evaluationSchema = z.object({
  task: z.string(),
  taskVersion: z.number().int().describe('the version of the task it was trained under (0: before versions were recorded)'),
  fidelity: z.string(),
  seed: z.number().int(),
  status: z.string(),
  metric: z.number().nullable(),
  valLoss: z.number().nullable(),
  testMetric: z.number().nullable(),
  rejection: z.object({ test: z.string().nullable(), step: z.number().nullable(), reason: z.string().nullable() }).nullable(),
  backend: z.string().nullable(),
  durationMs: z.number().nullable(),
  curve: z.unknown(),
  updatedAt: z.string(),
});

export const activationSchema = z
  .object({
    fingerprint: z.string(),
    canonical: z.string(),
    kind: candidateKindSchema,
    aliases: z.array(z.string()),
    latex: z.string().nullable().describe('the formula, `f(x) = …`, for KaTeX; null for a layer'),
    features: z
      .record(z.string(), z.unknown())
      .describe("an activation's features on the probe points; for a layer, whatever the engine stored (else empty)"),
    evaluations: z.array(evaluationSchema),
    plot: plotSchema,
    plotNote: plotNoteSchema,
    exportLangs: z.array(z.string()).describe('the languages its export accepts (a layer: pytorch, numpy)'),
    layer: layerPartsSchema,
  })
  .meta({ id: 'Activation' });
