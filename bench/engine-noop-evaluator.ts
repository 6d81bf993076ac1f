/**
 * The evaluator module of bench:engine: returns at once, so what is measured is everything around an
 * evaluation (drive, store, queue, IPC), not training.
 */
import type { EvaluationOutcome, EvaluationPayload } from '@actsearch/engine';

export async function evaluate(payload: EvaluationPayload): Promise<EvaluationOutcome> {
  let h = 0x811c9dc5;
  for (let i = 0; i < payload.key.length; i += 1) h = Math.imul(h ^ payload.key.charCodeAt(i), 0x01000193) >>> 0;
  return { status: 'done', metric: (h % 10_000) / 10_000, backend: 'noop', durationMs: 0 };
}
