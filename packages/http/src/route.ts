/**
 * The shape of one API route: what it accepts (zod schemas, the only definition of the input), what
 * it answers, and a handler from validated input to a Reply. The route table lists these; the Express
 * adapter and the OpenAPI generator both read the same table, so the docs cannot drift from the code.
 */
import type { z } from 'zod';
import type { ApiContext } from './context.ts';
import type { Principal } from './auth.ts';

export type HttpMethod = 'get' | 'post';

/** A stream of Server-Sent Events; `send` writes one event, and the returned promise ends the stream. */
export interface EventSink {
  send(event: string, data: unknown, id?: string): void;
  /** Aborted when the client disconnects or the server shuts down. */
  readonly signal: AbortSignal;
}

export type Reply =
  | { readonly status: number; readonly body: unknown }
  /** A downloadable file (Content-Disposition: attachment). */
  | { readonly status: number; readonly file: { readonly filename: string; readonly mimeType: string; readonly content: string } }
  /** A text document shown inline (metrics, HTML). */
  | { readonly status: number; readonly text: string; readonly contentType: string }
  | { readonly status: 200; readonly events: (sink: EventSink) => Promise<void> };

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The caller, when a valid bearer token came with the request; null for anonymous reads. */
  readonly principal: Principal | null;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  readonly method: HttpMethod;
  /** Express-style, e.g. `/api/campaigns/:id`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /**
   * `handler`: `body` documents the request (OpenAPI) but the handler gets the JSON as it came and
   * hands it to the one function that validates it (the campaign spec: the engine's
   * validateCampaignSpec), so it is not validated twice. Default `route`.
   */
  readonly bodyValidation?: 'route' | 'handler';
  /** The success status and its body schema, for the OpenAPI document. */
  readonly success: { readonly status: number; readonly schema?: z.ZodType; readonly contentType?: string; readonly description: string };
  /** Error statuses this route can answer besides 400/500 (404, 409, …), for the OpenAPI document. */
  readonly errors?: readonly number[];
  /** Changes state: needs a bearer token when tokens are configured, and is rate-limited. */
  readonly mutating?: boolean;
  handle(input: RouteInput<P, Q, B>, ctx: ApiContext): Promise<Reply>;
}

/** Erases a route's type parameters for the table, keeping them checked where the route is written. */
export function defineRoute<P, Q, B>(route: Route<P, Q, B>): Route {
  return route as unknown as Route;
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}
