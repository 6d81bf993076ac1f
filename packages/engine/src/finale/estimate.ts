import type { Store } from '@actsearch/store';
import { taskVersionOf, type StoredCampaignSpec } from '../campaign-spec.ts';
import type { KnownTask } from '../context.ts';
import { finaleBaselines } from './plan.ts';
import { finaleSeeds } from './spec.ts';

/** What one training of a task at a fidelity is expected to take, and what the figure rests on. */
export interface TrainingTime {
  readonly task: string;
  readonly fidelity: string;
  /** Null when nothing was ever measured for the task. */
  readonly seconds: number | null;
  /** `12 evaluations at full`, `scaled by steps from 40 evaluations at standard`, `never trained here`. */
  readonly basis: string;
}

/** The finale's cost before it starts: an upper bound on evaluations and, where measured, the time. */
export interface FinaleEstimate {
  /** Finalists and baselines × tasks × seeds (fewer when some are already stored). */
  readonly evaluations: number;
  /** Summed training time; null when some task's speed is unknown. */
  readonly trainingSeconds: number | null;
  /** Wall time at the campaign's parallelism, with that many evaluator slots free; null as above. */
  readonly wallSeconds: number | null;
  readonly parallelism: number;
  readonly perTask: readonly (TrainingTime & { readonly evaluations: number })[];
}

/**
 * How long one training of `task` at `fidelity` takes here: the mean of the stored `done` trainings of
 * that task version at that fidelity; else the mean at the nearest other fidelity scaled by the ratio
 * of training steps (training time is close to linear in steps); else unknown.
 */
export async function trainingTime(
  store: Store,
  task: string,
  taskVersion: number,
  fidelity: string,
  known: KnownTask | undefined,
): Promise<TrainingTime> {
  const measured = await store.evaluations.trainingTimes(task, taskVersion);
  const same = measured.find((m) => m.fidelity === fidelity && m.n > 0);
  if (same !== undefined)
    return { task, fidelity, seconds: same.meanMs / 1000, basis: `${same.n} evaluation${same.n === 1 ? '' : 's'} at ${fidelity}` };
  const steps = known?.fidelities?.[fidelity]?.steps;
  const scalable = measured
    .filter((m) => m.n > 0 && (known?.fidelities?.[m.fidelity]?.steps ?? 0) > 0)
    .sort((a, b) => (known?.fidelities?.[b.fidelity]?.steps ?? 0) - (known?.fidelities?.[a.fidelity]?.steps ?? 0));
  const from = scalable[0];
  if (steps !== undefined && from !== undefined) {
    const fromSteps = known?.fidelities?.[from.fidelity]?.steps as number;
    return {
      task,
      fidelity,
      seconds: ((from.meanMs / 1000) * steps) / fromSteps,
      basis: `scaled by steps (${fromSteps} → ${steps}) from ${from.n} evaluation${from.n === 1 ? '' : 's'} at ${from.fidelity}`,
    };
  }
  return {
    task,
    fidelity,
    seconds: null,
    basis:
      measured.length === 0 ? 'never trained here' : `no step counts to scale the ${measured.map((m) => m.fidelity).join('/')} times by`,
  };
}

/** The cost of the campaign's finale from its spec alone (before the search has picked the finalists). */
export async function estimateFinale(
  store: Store,
  spec: StoredCampaignSpec,
  knownTasks: readonly KnownTask[] | undefined,
): Promise<FinaleEstimate | null> {
  if (!spec.finale.enabled) return null;
  const entries = spec.finale.topK + finaleBaselines(spec).length;
  const seeds = finaleSeeds(spec.seeds, spec.finale.seeds).length;
  const tasks = [...spec.tasks, ...spec.finale.transferTasks.filter((t) => !spec.tasks.includes(t))];
  const perTask = [];
  for (const task of tasks) {
    const time = await trainingTime(
      store,
      task,
      taskVersionOf(spec, task),
      spec.finale.fidelity,
      knownTasks?.find((k) => k.id === task),
    );
    perTask.push({ ...time, evaluations: entries * seeds });
  }
  return summarize(perTask, spec.parallelism);
}

export function summarize(perTask: readonly (TrainingTime & { evaluations: number })[], parallelism: number): FinaleEstimate {
  const evaluations = perTask.reduce((s, t) => s + t.evaluations, 0);
  const known = perTask.every((t) => t.seconds !== null);
  const trainingSeconds = known ? perTask.reduce((s, t) => s + t.evaluations * (t.seconds as number), 0) : null;
  return {
    evaluations,
    trainingSeconds,
    wallSeconds: trainingSeconds === null ? null : trainingSeconds / parallelism,
    parallelism,
    perTask,
  };
}
