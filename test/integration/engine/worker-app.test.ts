import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { evaluationOutcomeSchema, type EvaluationOutcome, type EvaluationPayload } from '@actsearch/engine';
import type { EvaluationResult } from '@actsearch/proxy';
import { LocalDispatcher } from '@actsearch/queue';
import { createWorkerMetrics, parseWorkerConfig, serveMetrics, toOutcome, type MetricsServer } from '@actsearch/runtime';
import { FAKE_EVALUATOR } from './helpers.ts';

const baseResult: EvaluationResult = {
  status: 'ok',
  activation: 'x * sigmoid(x)',
  taskId: 'mnist-mlp',
  taskVersion: 1,
  fidelity: 'screen',
  seed: 0,
  backend: 'wasm',
  metricName: 'accuracy',
  validationMetric: 0.9242,
  validationLoss: 0.2626,
  testMetric: null,
  testLoss: null,
  curve: [{ step: 10, loss: 1.68 }],
  stepsPlanned: 100,
  stepsDone: 100,
  stepsPerSecond: 43.8,
  wallTimeMs: 4_700,
  trainTimeMs: 2_300,
  rejection: null,
  qualityMetric: 0.9155,
  maxGradNorm: 161,
  learnedParams: {},
  network: 'MLP 784-64-64-10',
  parameterCount: 55_050,
};

describe('worker app', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('parses its configuration from the environment once, with defaults, and names every bad variable', () => {
    const config = parseWorkerConfig({
      REDIS_URL: 'redis://r:6379',
      DATABASE_URL: 'postgresql://u@db:5432/a',
      ACTSEARCH_WORKERS: '3',
      METRICS_PORT: 'off',
    });
    expect(config).toMatchObject({
      ACTSEARCH_WORKERS: 3,
      METRICS_PORT: 'off',
      ACTSEARCH_QUEUE_PREFIX: 'actsearch',
      ACTSEARCH_ATTEMPTS: 3,
      LOG_LEVEL: 'info',
    });
    expect(config.ACTSEARCH_EVALUATOR_MODULE).toBeUndefined();
    const error = (() => {
      try {
        parseWorkerConfig({ REDIS_URL: 'http://nope', ACTSEARCH_WORKERS: '0' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.path).sort()).toEqual(['ACTSEARCH_WORKERS', 'DATABASE_URL', 'REDIS_URL']);
  });

  it('reads GPU slots from ACTSEARCH_GPUS: none by default, each device once', () => {
    const base = { REDIS_URL: 'redis://r:6379', DATABASE_URL: 'postgresql://u@db:5432/a' };
    expect(parseWorkerConfig(base).ACTSEARCH_GPUS).toEqual([]);
    expect(parseWorkerConfig({ ...base, ACTSEARCH_GPUS: ' 0, 1 ' }).ACTSEARCH_GPUS).toEqual(['0', '1']);
    expect(() => parseWorkerConfig({ ...base, ACTSEARCH_GPUS: '0,0' })).toThrow(/ACTSEARCH_GPUS lists a device twice/);
    expect(() => parseWorkerConfig({ ...base, ACTSEARCH_GPUS: '0;rm -rf' })).toThrow(/ACTSEARCH_GPUS expected device ids/);
  });

  it("maps the proxy's results to the engine's outcomes: a score, a rejection with its test and step, no metric as divergence", () => {
    const done = toOutcome(baseResult);
    expect(evaluationOutcomeSchema.parse(done)).toMatchObject({
      status: 'done',
      metric: 0.9242,
      valLoss: 0.2626,
      backend: 'wasm',
      durationMs: 4_700,
    });
    const rejected = toOutcome({
      ...baseResult,
      status: 'rejected',
      validationMetric: 0.11,
      rejection: { test: 'quality', check: 'quality', step: 100, reason: 'accuracy 0.11 < floor 0.2', value: 0.11, threshold: 0.2 },
    });
    expect(evaluationOutcomeSchema.parse(rejected)).toMatchObject({
      status: 'rejected',
      rejection: { test: 'quality', step: 100, reason: 'accuracy 0.11 < floor 0.2' },
    });
    const diverged = toOutcome({ ...baseResult, validationMetric: null });
    expect(evaluationOutcomeSchema.parse(diverged)).toMatchObject({ status: 'rejected', metric: null, rejection: { test: 'divergence' } });
  });

  it('exports evaluation counts by outcome, a seconds histogram and the queue depth at /metrics', async () => {
    const dispatcher = new LocalDispatcher<EvaluationPayload, EvaluationOutcome>({ evaluator: { module: FAKE_EVALUATOR, size: 1 } });
    const metrics = createWorkerMetrics(dispatcher);
    metrics.record({ kind: 'stored', key: 'a', status: 'done', durationMs: 1_500, backend: 'wasm' });
    metrics.record({ kind: 'stored', key: 'b', status: 'rejected', durationMs: 300, backend: 'wasm' });
    metrics.record({ kind: 'failed', key: 'c', final: false, error: 'crash' });
    metrics.record({ kind: 'failed', key: 'c', final: true, error: 'crash' });
    server = await serveMetrics(metrics.registry, 0, '127.0.0.1');
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('actsearch_evaluations_total{outcome="done"} 1');
    expect(text).toContain('actsearch_evaluations_total{outcome="rejected"} 1');
    expect(text).toContain('actsearch_evaluations_total{outcome="failed"} 1');
    expect(text).toContain('actsearch_evaluation_retries_total 1');
    expect(text).toContain('actsearch_evaluation_seconds_bucket{le="2",outcome="done"} 1');
    expect(text).toContain('actsearch_queue_depth{queue="evaluate",state="waiting"} 0');
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    await dispatcher.close({ timeoutMs: 0 });
  });
});
