/**
 * The thin layer between Express and the route table: for each route, authenticate and rate-limit
 * mutating calls, validate params, query and body with the route's schemas, run the handler, and
 * write its Reply. Every failure goes to the one error middleware.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ApiContext } from './context.ts';
import type { TokenVerifier } from './auth.ts';
import { HttpError } from './http-error.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Reply, Route } from './route.ts';
import { streamEvents } from './sse.ts';
import { assertCleanBody, requireJson } from './input-gate.ts';
import { parseInput } from './validation.ts';
import { ReadCoalescer, type SharedReply } from './read-coalescing.ts';

export interface AdapterOptions {
  readonly verifier: TokenVerifier;
  readonly limiter: RateLimiter;
  /** Aborted on shutdown: open event streams end. */
  readonly shutdown: AbortSignal;
  /** Identical reads in flight share one answer; one per app. */
  readonly reads?: ReadCoalescer;
}

async function writeReply(
  req: Request,
  res: Response,
  reply: Reply,
  ctx: ApiContext,
  shutdown: AbortSignal,
  shared?: SharedReply,
): Promise<void> {
  if ('events' in reply) {
    ctx.metrics.streams.inc();
    try {
      await streamEvents(res, reply.events, { heartbeatMs: ctx.config.eventsHeartbeatMs, shutdown });
    } finally {
      ctx.metrics.streams.dec();
    }
    return;
  }
  res.status(reply.status);
  if ('file' in reply) {
    res.attachment(reply.file.filename).type(reply.file.mimeType).send(reply.file.content);
  } else if ('text' in reply) {
    res.type(reply.contentType).send(reply.text);
  } else if (req.method === 'HEAD') {
    res.end();
  } else if (shared !== undefined) {
    // The text res.json would send, made once for every request sharing this answer.
    res.type('application/json').send(shared.json(req.app.get('json replacer') as Parameters<SharedReply['json']>[0]));
  } else {
    res.json(reply.body);
  }
}

function clientKey(req: Request, principalId: string | undefined): string {
  return principalId === undefined ? `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}` : `token:${principalId}`;
}

export function routeHandler(route: Route, ctx: ApiContext, options: AdapterOptions) {
  // Reads without side effects may share an answer; event streams are per client.
  const coalesce = route.method === 'get' && route.mutating !== true && route.success.contentType !== 'text/event-stream';
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const stopTimer =
      route.success.contentType === 'text/event-stream'
        ? undefined
        : ctx.metrics.duration.startTimer({ method: route.method, route: route.path });
    res.once('finish', () => {
      stopTimer?.();
      ctx.metrics.requests.inc({ method: route.method, route: route.path, status: String(res.statusCode) });
    });
    try {
      const authorization = req.get('authorization');
      let principal = options.verifier.identify(authorization);
      if (route.mutating) {
        if (options.verifier.enabled) principal = options.verifier.authenticate(authorization);
        const decision = options.limiter.take(clientKey(req, principal?.id));
        if (!decision.allowed) {
          throw new HttpError(429, 'rate_limited', `too many requests; retry in ${decision.retryAfterSeconds} s`, {
            'Retry-After': String(decision.retryAfterSeconds),
          });
        }
      }
      const params = route.params === undefined ? {} : await parseInput(route.params, { ...req.params }, 'params');
      const query = route.query === undefined ? {} : await parseInput(route.query, { ...(req.query as object) }, 'query');
      if (route.body !== undefined) assertCleanBody(req.body);
      const body =
        route.body === undefined
          ? undefined
          : route.bodyValidation === 'handler'
            ? req.body
            : await parseInput(route.body, req.body, 'body');
      const input = { params, query, body, principal };
      if (coalesce && options.reads !== undefined) {
        // The caller is part of the key: what a read shows may depend on who asks.
        const key = `${route.path}\n${req.originalUrl}\n${principal?.id ?? ''}`;
        const shared = await options.reads.run(key, () => route.handle(input, ctx));
        await writeReply(req, res, shared.reply, ctx, options.shutdown, 'body' in shared.reply ? shared : undefined);
      } else {
        await writeReply(req, res, await route.handle(input, ctx), ctx, options.shutdown);
      }
    } catch (err) {
      next(err);
    }
  };
}

/** A router with every route of the table; JSON bodies are parsed only for routes that take one. */
export function mountRoutes(routes: readonly Route[], ctx: ApiContext, options: AdapterOptions): Router {
  const router = express.Router();
  // strict: false lets a bare `5` or `"x"` through to the schema, which names the problem precisely;
  // requireJson has already refused bodies of other types.
  const json = express.json({ limit: ctx.config.bodyLimitBytes, strict: false, type: () => true });
  for (const route of routes) {
    const handler = routeHandler(route, ctx, options);
    if (route.body !== undefined) router[route.method](route.path, requireJson, json, handler);
    else router[route.method](route.path, handler);
  }
  return router;
}
