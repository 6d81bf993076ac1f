import { ValidationError, type FieldError } from './errors.ts';

/** What identifies an evaluation (docs/architecture.md, "Identities"). */
export interface EvaluationIdentity {
  readonly fingerprint: string;
  readonly task: string;
  /** The task's version in its registry (0: a task the registry does not define). */
  readonly taskVersion: number;
  readonly fidelity: string;
  readonly seed: number;
}

const SEPARATOR = '|';

/**
 * The evaluation's key: its primary key in the store and the queue's job id, so the same work is
 * neither stored nor queued twice. The task's version is part of it: a task whose training changed is
 * a different piece of work, and its results must not be reused for, or averaged with, the old ones. `|` separates the parts (BullMQ refuses `:` in custom job ids), so
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
  if (!isInt32(id.taskVersion) || id.taskVersion < 0)
    fields.push({ path: 'taskVersion', message: 'must be a non-negative 32-bit integer' });
  if (!isInt32(id.seed)) fields.push({ path: 'seed', message: 'must be a 32-bit integer' });
  if (fields.length > 0) throw new ValidationError('invalid evaluation identity', fields);
  // Version 0 (a task outside the registry) keeps the first release's four-part key, so the rows,
  // candidates and queued jobs of a database from before versions still find each other.
  const version = id.taskVersion === 0 ? [] : [`v${id.taskVersion}`];
  return [id.fingerprint, id.task, ...version, id.fidelity, String(id.seed)].join(SEPARATOR);
}

/** The identity a key was made from, or null for a string no `evaluationKey` call returns. */
export function parseEvaluationKey(key: string): EvaluationIdentity | null {
  const parts = key.split(SEPARATOR);
  if (parts.length !== 4 && parts.length !== 5) return null;
  const [fingerprint = '', task = '', ...rest] = parts;
  const version = rest.length === 3 ? (rest.shift() as string) : null;
  const [fidelity = '', seedText = ''] = rest;
  const taskVersion = version === null ? 0 : /^v[1-9]\d*$/.test(version) ? Number(version.slice(1)) : NaN;
  const seed = /^-?\d+$/.test(seedText) ? Number(seedText) : NaN;
  if (fingerprint === '' || task === '' || fidelity === '' || !isInt32(taskVersion) || !isInt32(seed)) return null;
  return { fingerprint, task, taskVersion, fidelity, seed };
}

/** Seeds, budgets and counts are PostgreSQL INTEGERs. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
}
