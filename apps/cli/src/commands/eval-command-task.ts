/**
 * `actsearch eval` on a command task: pre-screen, then one trial of the task's command (docs/trials.md),
 * its reports shown as they come on a terminal. Ctrl+C stops the trial (SIGTERM to its process group,
 * SIGKILL after the task's grace period). The JSON has the fields a built-in evaluation's has where
 * they mean the same (status, activation, taskId, taskVersion, fidelity, seed, metricName,
 * validationMetric, curve, wallTimeMs, rejection), plus the trial's extra numbers.
 */
import { parse, print } from '@actsearch/expr';
import { prescreenExpr, type Fidelity, type PrescreenOptions, type RejectionOptions } from '@actsearch/proxy';
import type { CommandTask } from '@actsearch/tasks';
import { runTrial, type TrialOutcome } from '@actsearch/trials';
import { CommandFailedError } from '../cli-error.ts';
import type { CliIo } from '../command.ts';

export interface CommandEvalInput {
  readonly task: CommandTask;
  readonly expression: string;
  readonly fidelity: Fidelity;
  readonly seed: number;
  readonly rejection: RejectionOptions;
  readonly json: boolean;
  readonly progress: boolean;
}

export async function evalCommandTask(input: CommandEvalInput, io: CliIo): Promise<number> {
  const { task, fidelity, seed } = input;
  const expr = parse(input.expression);
  const base = {
    activation: print(expr),
    taskId: task.id,
    taskVersion: task.version,
    fidelity,
    seed,
    metricName: task.metric,
    kind: 'command' as const,
  };
  const pre =
    input.rejection.prescreen === false
      ? null
      : prescreenExpr(
          expr,
          input.rejection.prescreen === true || input.rejection.prescreen === undefined
            ? {}
            : (input.rejection.prescreen as PrescreenOptions),
        );
  if (pre !== null) {
    const result = {
      ...base,
      status: 'rejected',
      validationMetric: null,
      curve: [],
      wallTimeMs: 0,
      rejection: { test: 'prescreen', check: pre.check, step: null, reason: pre.reason },
    };
    io.out(input.json ? `${JSON.stringify(result, null, 2)}\n` : `rejected by the pre-screen (${pre.check}): ${pre.reason}\n`);
    return 0;
  }
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  const f = task.fidelities[fidelity];
  let outcome: TrialOutcome;
  try {
    outcome = await runTrial({
      command: task.command,
      spec: {
        task: { id: task.id, version: task.version },
        expression: input.expression,
        seed,
        fidelity,
        budget: { steps: f.steps, batchSize: f.batchSize, learningRateScale: f.learningRateScale ?? 1, timeoutSeconds: f.timeoutSeconds },
        language: task.command.export,
      },
      quality: input.rejection.quality === false ? null : task.quality,
      divergence: input.rejection.divergence !== false,
      signal: stop.signal,
      ...(process.env.ACTSEARCH_TRIAL_DEVICE === undefined ? {} : { device: process.env.ACTSEARCH_TRIAL_DEVICE }),
      ...(input.progress ? { onReport: (step: number, metric: number) => io.err(`step ${step}: ${task.metric} ${metric}\n`) } : {}),
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (outcome.status === 'failed')
    throw new CommandFailedError(
      `${outcome.reason}${outcome.stderrTail.trim() === '' ? '' : `\nstderr (last 2 KiB):\n${outcome.stderrTail.trim()}`}`,
    );
  if (outcome.status === 'cancelled') throw new CommandFailedError('the trial was cancelled');
  const common = { ...base, curve: outcome.curve, wallTimeMs: Math.round(outcome.durationMs) };
  const result =
    outcome.status === 'done'
      ? { ...common, status: 'ok', validationMetric: outcome.metric, rejection: null, extra: outcome.extra }
      : {
          ...common,
          status: 'rejected',
          validationMetric: outcome.metric,
          rejection: { test: outcome.test, check: outcome.test, step: outcome.step, reason: outcome.reason },
        };
  if (input.json) {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `activation  ${base.activation}`,
    `task        ${task.id} v${task.version} — ${task.title} (command)`,
    `fidelity    ${fidelity}, seed ${seed}`,
    `status      ${outcome.status === 'done' ? 'ok' : `rejected by ${outcome.test}${outcome.step === null ? '' : ` at step ${outcome.step}`}: ${outcome.reason}`}`,
    `validation  ${task.metric} ${result.validationMetric === null ? '—' : result.validationMetric.toFixed(4)}`,
    `trial       ${(outcome.durationMs / 1000).toFixed(2)} s, ${outcome.curve.length} reports`,
  ];
  if (outcome.curve.length > 0)
    lines.push(`curve       ${outcome.curve.map((p) => `${p.step}:${p.metric === null ? '—' : p.metric.toFixed(3)}`).join(' ')}`);
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
