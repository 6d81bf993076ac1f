/** `GET /healthz`, `GET /readyz`. */
import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok'), mode: z.string(), uptimeSeconds: z.number() });

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.string()).describe('"ok" or the error of each dependency'),
});
