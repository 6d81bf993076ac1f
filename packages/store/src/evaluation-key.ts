import { ValidationError, type FieldError } from '@actsearch/expr';

/** What identifies an evaluation (DESIGN.md, "Identities"). */
export interface EvaluationIdentity {
  readonly fingerprint: string;
  readonly task: string;
  readonly fidelity: string;
  readonly seed: number;
}

const SEPARATOR = '|';

/**
 * The evaluation's key: its primary key in the store and the queue's job id, so the same work is
 * neither stored nor queued twice. `|` separates the parts (BullMQ refuses `:` in custom job ids), so
 * no part may contain it.
 */
export function evaluationKey(id: EvaluationIdentity): string {
  const fields: FieldError[] = [];
  for (const part of ['fingerprint', 'task', 'fidelity'] as const) {
    const value = id[part];
    if (value.length === 0 || value.includes(SEPARATOR)) {
      fields.push({ path: part, message: `must be non-empty and free of '${SEPARATOR}'` });
    }
  }
  if (!isInt32(id.seed)) fields.push({ path: 'seed', message: 'must be a 32-bit integer' });
  if (fields.length > 0) throw new ValidationError('invalid evaluation identity', fields);
  return [id.fingerprint, id.task, id.fidelity, String(id.seed)].join(SEPARATOR);
}

/** Seeds, budgets and counts are PostgreSQL INTEGERs. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
}
