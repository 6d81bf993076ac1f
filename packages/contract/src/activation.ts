/** `GET /api/activations/:fingerprint`: an activation's texts, features, evaluations and plot. */
import { z } from 'zod';

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
    aliases: z.array(z.string()),
    latex: z.string().nullable().describe('the formula, `f(x) = …`, for KaTeX'),
    features: z.record(z.string(), z.unknown()),
    evaluations: z.array(evaluationSchema),
    plot: z
      .object({ x: z.array(z.number()), f: z.array(z.number().nullable()), df: z.array(z.number().nullable()) })
      .describe('f and f′ on [−5, 5]'),
  })
  .meta({ id: 'Activation' });
