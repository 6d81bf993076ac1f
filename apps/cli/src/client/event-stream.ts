/** Parses a Server-Sent Events body (text/event-stream) into events with JSON data. */
export interface ServerEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: unknown;
}

/**
 * Reads events until the body ends ('closed'), an `end` event arrives ('ended'), or `onEvent` returns
 * true ('stopped').
 */
export async function parseEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerEvent) => boolean | void,
): Promise<'ended' | 'stopped' | 'closed'> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  // A chunk may end between the \r and \n of a CRLF: hold a trailing \r back until the next chunk.
  let heldCr = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'closed';
      let text: string = (heldCr ? '\r' : '') + decoder.decode(value, { stream: true });
      heldCr = text.endsWith('\r');
      if (heldCr) text = text.slice(0, -1);
      buffer += text.replace(/\r\n?/g, '\n');
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        let event = 'message';
        let id: string | undefined;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'id') id = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length === 0) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.join('\n'));
        } catch {
          parsed = data.join('\n');
        }
        if (onEvent({ event, id, data: parsed }) === true) return 'stopped';
        if (event === 'end') return 'ended';
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
