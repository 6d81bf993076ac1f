import { z } from 'zod';

// Evaluation keys join their parts with '|' (packages/core/src/evaluation-key.ts), so no part may hold one.
export const taskId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" and "-" only');
