import { describe, expect, it } from 'vitest';
import { parseEventStream, type ServerEvent } from '../../../apps/cli/src/client/event-stream.ts';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe("the CLI's Server-Sent Events parser", () => {
  it('reassembles events split across chunks, skips comments and retry, and stops at end', async () => {
    const events: ServerEvent[] = [];
    const text =
      'retry: 2000\n\n: keep-alive\n\nid: 1\nevent: progress\ndata: {"n":1}\n\nid: 2\r\nevent: best\r\ndata: null\r\n\r\nevent: end\ndata: {"status":"done"}\n\nevent: progress\ndata: {"n":9}\n\n';
    const chunks = text.match(/.{1,7}/gs) ?? [];
    const outcome = await parseEventStream(streamOf(chunks), (e) => void events.push(e));
    expect(outcome).toBe('ended');
    expect(events).toEqual([
      { event: 'progress', id: '1', data: { n: 1 } },
      { event: 'best', id: '2', data: null },
      { event: 'end', id: undefined, data: { status: 'done' } },
    ]);
  });

  it('reports a stream that closes before its end, and stops when the listener asks', async () => {
    expect(await parseEventStream(streamOf(['event: progress\ndata: 1\n\n']), () => undefined)).toBe('closed');
    expect(await parseEventStream(streamOf(['data: 1\n\ndata: 2\n\n']), (e) => e.data === 1)).toBe('stopped');
  });
});
