/**
 * The Express application: security headers, the route table, 404s for unknown API paths, the
 * dashboard or index page, and the error middleware. Holds nothing but what it is given.
 */
import express, { type Express } from 'express';
import type { ApiContext } from './context.ts';
import { tokenVerifier, type TokenVerifier } from './auth.ts';
import { errorMiddleware } from './error-middleware.ts';
import { mountRoutes } from './express-adapter.ts';
import { ReadCoalescer } from './read-coalescing.ts';
import { HttpError } from './http-error.ts';
import { urlGate } from './input-gate.ts';
import { RateLimiter } from './rate-limit.ts';
import { ROUTES } from './routes.ts';
import { mountSite } from './static-site.ts';
import { API_VERSION } from './version.ts';

export interface ApiApp {
  readonly app: Express;
  readonly verifier: TokenVerifier;
  /** Ends open event streams (their clients see the stream close and may reconnect elsewhere). */
  closeStreams(): void;
  /** The reads in flight that identical reads share (read-coalescing.ts). */
  readonly reads: ReadCoalescer;
}

export interface ApiAppOptions {
  /** SHA-256 digests of the accepted tokens (auth.ts parseTokenList); none: mutating routes are open. */
  readonly tokenDigests?: readonly Buffer[];
}

export function createApiApp(ctx: ApiContext, options: ApiAppOptions = {}): ApiApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  const shutdown = new AbortController();
  const verifier = tokenVerifier(options.tokenDigests ?? []);
  const limiter = new RateLimiter(ctx.config.rateLimit);
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    next();
  });
  // Before routing: Express decodes path parameters while matching, and a malformed escape must be a 400.
  app.use(urlGate(ROUTES));
  const reads = new ReadCoalescer();
  app.use(mountRoutes(ROUTES, ctx, { verifier, limiter, shutdown: shutdown.signal, reads }));
  app.use('/api', (req, _res, next) => {
    next(new HttpError(404, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]} (see /api/docs)`));
  });
  mountSite(app, ctx.config.dashboardDir, API_VERSION);
  app.use((req, _res, next) => next(new HttpError(404, 'not_found', `no page ${req.originalUrl.split('?')[0]}`)));
  app.use(errorMiddleware(ctx.logger));
  return { app, verifier, closeStreams: () => shutdown.abort(), reads };
}
