/**
 * Binds the port first, answers once the app is ready, and closes gracefully: stop accepting, end
 * event streams, let requests in flight finish (up to a timeout, or until `hurry` aborts), then cut
 * what is left. Binding comes before anything else a server opens, so a port in use is reported
 * before the database is touched.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { ListenError } from '@actsearch/runtime';

export { ListenError };

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(timeoutMs?: number, hurry?: AbortSignal): Promise<void>;
}

export interface BoundServer extends RunningServer {
  /** Starts answering with `app`; until then every request gets 503 `starting`. */
  handle(app: Express, options?: { readonly beforeClose?: () => void }): void;
}

const LISTEN_ERRORS: Readonly<Record<string, ListenError['reason']>> = {
  EADDRINUSE: 'in_use',
  EACCES: 'not_permitted',
  EADDRNOTAVAIL: 'no_such_address',
};

function answerStarting(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '1' });
  res.end(JSON.stringify({ error: { code: 'starting', message: 'actsearch is starting; try again in a moment' } }));
}

export async function bind(options: { readonly port: number; readonly host: string }): Promise<BoundServer> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = answerStarting;
  const server = createServer((req, res) => handler(req, res));
  // Slow clients may not hold a connection forever; event streams send heartbeats well within this.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = error.code === undefined ? undefined : LISTEN_ERRORS[error.code];
      reject(reason === undefined ? error : new ListenError(reason, options.host, options.port, error));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  let beforeClose: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}`,
    handle(app, handleOptions = {}) {
      handler = app;
      beforeClose = handleOptions.beforeClose;
    },
    close(timeoutMs = 10_000, hurry) {
      closing ??= new Promise<void>((resolve) => {
        beforeClose?.();
        const cut = () => server.closeAllConnections();
        const timer = setTimeout(cut, timeoutMs);
        timer.unref();
        if (hurry?.aborted === true) cut();
        else hurry?.addEventListener('abort', cut, { once: true });
        server.close(() => {
          clearTimeout(timer);
          hurry?.removeEventListener('abort', cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

export async function listen(
  app: Express,
  options: { readonly port: number; readonly host: string; readonly beforeClose?: () => void },
): Promise<RunningServer> {
  const bound = await bind(options);
  bound.handle(app, options.beforeClose === undefined ? {} : { beforeClose: options.beforeClose });
  return bound;
}
