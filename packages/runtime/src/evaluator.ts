/**
 * The evaluator module the worker's child processes load (see EvaluatorPool): one proxy training of an
 * activation or of a normalization-activation layer (`payload.kind`), or one trial of a command task
 * (command-evaluator.ts), per call. It turns the proxy's EvaluationResult
 * into the engine's EvaluationOutcome here, in the child, so only a small object crosses IPC. Bad input (an unknown task, text that does not parse) fails the
 * same way every time, so it is marked permanent and not retried.
 */
import { ActsearchError, ValidationError } from '@actsearch/core';
import type { EvaluationOutcome, EvaluationPayload } from '@actsearch/engine';
import { evaluateCandidate, evaluateLayerCandidate, type EvaluationResult } from '@actsearch/proxy';
import { getTask } from '@actsearch/tasks';
import { evaluateCommand } from './command-evaluator.ts';
import { PINNED_TASKS_ENV } from './pinned-tasks.ts';

export async function evaluate(payload: EvaluationPayload): Promise<EvaluationOutcome> {
  let result: EvaluationResult;
  try {
    const task = checkTaskVersion(payload);
    if (task.kind === 'command') {
      if (payload.kind === 'layer') {
        // The engine refuses such a campaign at submission; a job from elsewhere fails for good.
        throw new ValidationError(`task ${task.id} is a command task: it trains activations, not normalization-activation layers`, [
          { path: 'task', message: 'layers train only on the built-in proxy tasks' },
        ]);
      }
      return await evaluateCommand(task, payload);
    }
    const common = {
      task,
      fidelity: payload.fidelity,
      seed: payload.seed,
      rejection: payload.rejection,
      ...(process.env.ACTSEARCH_BACKEND === undefined ? {} : { backend: process.env.ACTSEARCH_BACKEND }),
    };
    // A layer takes the place of the network's normalization + activation (docs/layers.md); the
    // pre-screen does not apply to it (the engine ran the layer check before queueing it).
    result =
      payload.kind === 'layer'
        ? await evaluateLayerCandidate({ ...common, layer: payload.expression })
        : await evaluateCandidate({ ...common, expr: payload.expression });
  } catch (error) {
    if (error instanceof ActsearchError) throw Object.assign(error, { permanent: true });
    throw error;
  }
  return toOutcome(result);
}

/**
 * A campaign pins its tasks' versions; a worker whose registry has another version (an upgrade while
 * the campaign ran, or workers of two releases on one queue) would score it under different training.
 * Version 0 comes from a spec without versions: there is nothing to hold it to.
 */
function checkTaskVersion(payload: EvaluationPayload): ReturnType<typeof getTask> {
  const task = getTask(payload.task);
  const pinned = pinnedHash(payload.task);
  if (pinned !== undefined && pinned !== task.hash) {
    throw new ValidationError(
      `task file ${task.file} changed since this server checked it (content ${pinned}, now ${task.hash}) under the same version ${task.version}; bump its version and restart, or restore the file`,
      [{ path: 'task', message: 'task file changed under its version' }],
    );
  }
  if (payload.taskVersion === 0) return task;
  if (task.version !== payload.taskVersion) {
    throw new ValidationError(
      `task ${payload.task} is at version ${task.version} in this worker, but the campaign was submitted for version ${payload.taskVersion}; run a worker of that release, or submit the campaign again`,
      [{ path: 'taskVersion', message: `expected ${task.version}` }],
    );
  }
  return task;
}

function pinnedHash(task: string): string | undefined {
  const text = process.env[PINNED_TASKS_ENV];
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as Record<string, string>)[task];
  } catch {
    return undefined;
  }
}

export function toOutcome(result: EvaluationResult): EvaluationOutcome {
  const common = {
    valLoss: result.validationLoss,
    testMetric: result.testMetric,
    curve: result.curve,
    backend: result.backend,
    durationMs: result.wallTimeMs,
  };
  if (result.rejection !== null) {
    return {
      ...common,
      status: 'rejected',
      metric: result.validationMetric,
      rejection: { test: result.rejection.test, reason: result.rejection.reason, step: result.rejection.step },
    };
  }
  if (result.validationMetric === null) {
    // Trained to the end with divergence checks off and nothing finite to show: not a score.
    return {
      ...common,
      status: 'rejected',
      metric: null,
      rejection: { test: 'divergence', reason: 'no finite validation metric after training', step: result.stepsDone },
    };
  }
  return { ...common, status: 'done', metric: result.validationMetric };
}
