import { ValidationError, type FieldError } from '@actsearch/core';
import type { Evaluation, EvaluationStatus, Prisma, PrismaClient } from './client.ts';
import { evaluationKey, isInt32, type EvaluationIdentity } from '@actsearch/core';
import { jsonInput, type JsonValue } from './json.ts';

export interface EvaluationInput extends EvaluationIdentity {
  readonly status: EvaluationStatus;
  /** Required (finite) when status is `done`. Higher is better. */
  readonly metric?: number | null;
  readonly valLoss?: number | null;
  readonly testMetric?: number | null;
  readonly curve?: JsonValue;
  readonly rejectionTest?: string | null;
  readonly rejectionStep?: number | null;
  readonly rejectionReason?: string | null;
  readonly backend?: string | null;
  readonly durationMs?: number | null;
  readonly worker?: string | null;
  /** Default 1. */
  readonly attempts?: number;
  readonly error?: string | null;
  /** The text that was trained. */
  readonly expression?: string | null;
}

export interface UpsertedEvaluation {
  /** The stored row after the upsert (which may be an earlier final result; see `upsert`). */
  readonly evaluation: Evaluation;
  /** Whether this call inserted the row. */
  readonly created: boolean;
}

/** Evaluations: one row per (fingerprint, task, task version, fidelity, seed), shared by every campaign. */
export class EvaluationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores a result under its key, idempotently: however many times and however concurrently the same
   * key is upserted (a retried or duplicated job), there is one row. The insert is an
   * `ON CONFLICT DO NOTHING`; on conflict the row is updated, except that a `failed` result never
   * overwrites a final one (`done`/`rejected`): a late crash report must not erase a score.
   */
  async upsert(input: EvaluationInput): Promise<UpsertedEvaluation> {
    validate(input);
    const key = evaluationKey(input);
    const data = {
      status: input.status,
      metric: input.metric ?? null,
      valLoss: input.valLoss ?? null,
      testMetric: input.testMetric ?? null,
      curve: jsonInput(input.curve ?? null),
      rejectionTest: input.rejectionTest ?? null,
      rejectionStep: input.rejectionStep ?? null,
      rejectionReason: input.rejectionReason ?? null,
      backend: input.backend ?? null,
      durationMs: input.durationMs ?? null,
      worker: input.worker ?? null,
      attempts: input.attempts ?? 1,
      error: input.error ?? null,
      expression: input.expression ?? null,
    } satisfies Prisma.EvaluationUpdateManyMutationInput;
    const { count } = await this.prisma.evaluation.createMany({
      data: [
        {
          key,
          fingerprint: input.fingerprint,
          task: input.task,
          taskVersion: input.taskVersion,
          fidelity: input.fidelity,
          seed: input.seed,
          ...data,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) {
      await this.prisma.evaluation.updateMany({
        where: { key, ...(input.status === 'failed' ? { status: 'failed' } : {}) },
        data,
      });
    }
    const evaluation = await this.get(key);
    if (evaluation === null) throw new Error(`evaluation ${key} vanished right after its upsert`);
    return { evaluation, created: count === 1 };
  }

  get(key: string): Promise<Evaluation | null> {
    return this.prisma.evaluation.findUnique({ where: { key } });
  }

  getMany(keys: readonly string[]): Promise<Evaluation[]> {
    return this.prisma.evaluation.findMany({ where: { key: { in: [...keys] } }, orderBy: { key: 'asc' } });
  }

  /**
   * How long a completed training of one task version took at each fidelity: the number of `done`
   * evaluations with a duration and their mean, for estimating what more of them will cost. Read from
   * "TrainingTime", which the store's triggers keep, so it costs the same at any number of evaluations.
   */
  async trainingTimes(task: string, taskVersion: number): Promise<{ fidelity: string; n: number; meanMs: number }[]> {
    const rows = await this.prisma.trainingTime.findMany({ where: { task, taskVersion, n: { gt: 0 } } });
    return rows.map((r) => ({ fidelity: r.fidelity, n: r.n, meanMs: r.totalMs / r.n })).sort((a, b) => (a.fidelity < b.fidelity ? -1 : 1));
  }

  /** Every evaluation of one activation, by task, task version (newest first), fidelity and seed. */
  listForActivation(fingerprint: string): Promise<Evaluation[]> {
    return this.prisma.evaluation.findMany({
      where: { fingerprint },
      orderBy: [{ task: 'asc' }, { taskVersion: 'desc' }, { fidelity: 'asc' }, { seed: 'asc' }],
    });
  }
}

function validate(input: EvaluationInput): void {
  const fields: FieldError[] = [];
  for (const name of ['metric', 'valLoss', 'testMetric'] as const) {
    const value = input[name];
    if (value !== undefined && value !== null && !Number.isFinite(value)) fields.push({ path: name, message: 'must be finite' });
  }
  if (input.status === 'done' && (input.metric === undefined || input.metric === null)) {
    fields.push({ path: 'metric', message: 'a done evaluation needs its metric' });
  }
  for (const name of ['rejectionStep', 'durationMs', 'attempts'] as const) {
    const value = input[name];
    if (value !== undefined && value !== null && (!isInt32(value) || value < 0)) {
      fields.push({ path: name, message: 'must be a non-negative 32-bit integer' });
    }
  }
  if (fields.length > 0) throw new ValidationError('invalid evaluation', fields);
}
