/**
 * Writes a Server-Sent Events stream: headers, `retry`, one `event:`/`data:` block per event, a
 * comment heartbeat so proxies keep the connection, and the end when the producer resolves or the
 * client goes away.
 */
import type { Response } from 'express';
import type { EventSink } from './route.ts';

export interface StreamOptions {
  readonly heartbeatMs: number;
  /** Aborted when the server shuts down. */
  readonly shutdown: AbortSignal;
}

export async function streamEvents(res: Response, produce: (sink: EventSink) => Promise<void>, options: StreamOptions): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  const controller = new AbortController();
  const abort = () => controller.abort();
  res.on('close', abort);
  options.shutdown.addEventListener('abort', abort, { once: true });
  const heartbeat = setInterval(() => {
    if (!res.writableEnded) res.write(': keep-alive\n\n');
  }, options.heartbeatMs);
  heartbeat.unref();
  const sink: EventSink = {
    signal: controller.signal,
    send(event, data, id) {
      if (res.writableEnded || controller.signal.aborted) return;
      // JSON.stringify never emits a raw line break, so one data line carries the whole event.
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data ?? null)}\n\n`);
    },
  };
  try {
    await produce(sink);
  } finally {
    clearInterval(heartbeat);
    options.shutdown.removeEventListener('abort', abort);
    if (!res.writableEnded) res.end();
  }
}
