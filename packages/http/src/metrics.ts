/**
 * Prometheus metrics of the API: requests by route and status, their latency, and live event streams.
 * Each app has its own registry (tests build many apps in one process); `/metrics` also prints
 * prom-client's global registry, where the engine and the queue register theirs in the same process.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, register as globalRegistry } from 'prom-client';

export interface ApiMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;
  readonly streams: Gauge;
  /** The text exposition of this registry and the global one. */
  render(): Promise<{ text: string; contentType: string }>;
}

export function createApiMetrics(options: { readonly defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'actsearch_api_' });
  const requests = new Counter({
    name: 'actsearch_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'actsearch_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (event streams excluded)',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const streams = new Gauge({ name: 'actsearch_event_streams', help: 'Open Server-Sent Event streams', registers: [registry] });
  return {
    registry,
    requests,
    duration,
    streams,
    async render() {
      const own = await registry.metrics();
      const shared = await globalRegistry.metrics();
      return { text: shared.trim() === '' ? own : `${own.trimEnd()}\n${shared}`, contentType: registry.contentType };
    },
  };
}
