/**
 * Evaluates a candidate on a command task (docs/trials.md): pre-screen, then one trial of the task's
 * command. A rejection is an outcome like the proxy's; a failed trial (exit code, signal, timeout, no
 * final report) is a permanent failure carrying the last 2 KiB of the trial's stderr — the same
 * command on the same candidate fails the same way, and a retry would only spend the budget again.
 */
import { parse } from '@actsearch/expr';
import type { EvaluationOutcome, EvaluationPayload } from '@actsearch/engine';
import { prescreenExpr } from '@actsearch/proxy';
import type { CommandTask } from '@actsearch/tasks';
import { runTrial, type TrialOutcome } from '@actsearch/trials';

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export async function evaluateCommand(task: CommandTask, payload: EvaluationPayload): Promise<EvaluationOutcome> {
  const started = performance.now();
  const expr = parse(payload.expression);
  const prescreen = payload.rejection.prescreen;
  const failed = prescreen === false ? null : prescreenExpr(expr, prescreen === true ? {} : prescreen);
  if (failed !== null) {
    return {
      status: 'rejected',
      metric: null,
      rejection: { test: 'prescreen', reason: failed.reason, step: null },
      curve: [],
      backend: 'command',
      durationMs: performance.now() - started,
    };
  }
  const fidelity = task.fidelities[payload.fidelity];
  const outcome = await runTrial({
    command: task.command,
    spec: {
      task: { id: task.id, version: task.version },
      expression: payload.expression,
      seed: payload.seed,
      fidelity: payload.fidelity,
      budget: {
        steps: fidelity.steps,
        batchSize: fidelity.batchSize,
        learningRateScale: fidelity.learningRateScale ?? 1,
        timeoutSeconds: fidelity.timeoutSeconds,
      },
      language: task.command.export,
      key: payload.key,
    },
    quality: payload.rejection.quality === false ? null : task.quality,
    divergence: payload.rejection.divergence,
    ...(process.env.ACTSEARCH_TRIAL_DEVICE === undefined ? {} : { device: process.env.ACTSEARCH_TRIAL_DEVICE }),
  });
  return commandOutcome(outcome);
}

export function commandOutcome(outcome: TrialOutcome): EvaluationOutcome {
  const common = { curve: outcome.curve, durationMs: outcome.durationMs };
  switch (outcome.status) {
    case 'done': {
      const device = typeof outcome.extra.device === 'string' ? `:${outcome.extra.device}` : '';
      return {
        ...common,
        status: 'done',
        metric: outcome.metric,
        valLoss: finiteOrNull(outcome.extra.valLoss),
        testMetric: finiteOrNull(outcome.extra.testMetric),
        backend: `command${device}`.slice(0, 60),
      };
    }
    case 'rejected':
      return {
        ...common,
        status: 'rejected',
        metric: outcome.metric,
        rejection: { test: outcome.test, reason: outcome.reason, step: outcome.step },
        backend: 'command',
      };
    case 'failed': {
      const tail = outcome.stderrTail.trim();
      const error = new Error(`${outcome.reason}${tail === '' ? '' : `\nstderr (last 2 KiB):\n${tail}`}`);
      throw Object.assign(error, { name: 'TrialFailed', permanent: true });
    }
    case 'cancelled':
      throw new Error('the trial was cancelled');
  }
}
