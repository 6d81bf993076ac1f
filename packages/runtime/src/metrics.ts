import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineDispatcher, EvaluationEvent } from '@actsearch/engine';

/** The worker's Prometheus metrics: what its evaluations did, how long they took, what waits. */
export interface WorkerMetrics {
  readonly registry: Registry;
  /** Feed it the engine's evaluation events. */
  record(event: EvaluationEvent): void;
}

export function createWorkerMetrics(dispatcher: EngineDispatcher): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const evaluations = new Counter({
    name: 'actsearch_evaluations_total',
    help: 'Evaluations this worker finished, by outcome: done (scored), rejected (by a rejection test), failed (for good, after its retries)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'actsearch_evaluation_retries_total',
    help: 'Failed evaluation attempts that will be retried (a crashed evaluator process, a timeout, a transient error)',
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'actsearch_evaluation_seconds',
    help: 'Wall time of one evaluation (training and rejection tests), by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers: [registry],
  });
  new Gauge({
    name: 'actsearch_queue_depth',
    help: 'Jobs in the queues this worker consumes, by queue (evaluate, drive) and state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      // Redis away (restarting): keep the last values rather than failing the whole scrape.
      const counts = await dispatcher.counts().catch(() => undefined);
      if (counts === undefined) return;
      for (const queue of ['evaluate', 'drive'] as const) {
        for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue, state }, counts[queue][state]);
      }
    },
  });
  for (const outcome of ['done', 'rejected', 'failed']) evaluations.inc({ outcome }, 0);
  return {
    registry,
    record(event) {
      if (event.kind === 'stored') {
        evaluations.inc({ outcome: event.status });
        seconds.observe({ outcome: event.status }, event.durationMs / 1000);
      } else if (event.final) {
        evaluations.inc({ outcome: 'failed' });
      } else {
        retries.inc();
      }
    },
  };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `GET /metrics` in Prometheus' text format. */
export async function serveMetrics(registry: Registry, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
