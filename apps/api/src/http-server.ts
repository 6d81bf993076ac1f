/**
 * Listens, and closes gracefully: stop accepting, end event streams, let requests in flight finish
 * (up to a timeout), then cut what is left.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(timeoutMs?: number): Promise<void>;
}

export async function listen(app: Express, options: { readonly port: number; readonly host: string; readonly beforeClose?: () => void }): Promise<RunningServer> {
  const server = createServer(app);
  // Slow clients may not hold a connection forever; event streams send heartbeats well within this.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}`,
    close(timeoutMs = 10_000) {
      closing ??= new Promise<void>((resolve) => {
        options.beforeClose?.();
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
