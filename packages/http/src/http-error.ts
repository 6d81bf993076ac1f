/**
 * The one mapping from errors to HTTP answers. Typed errors of @actsearch/expr keep their stable code
 * (ValidationError 400, ParseError 400, NotFound 404, Conflict 409, Unauthorized 401); conditions that
 * only HTTP has (too large, too many requests, not ready) are HttpErrors with their own code. Anything
 * else is a bug: 500 with a generic message, the details go to the log only.
 */
import { ActsearchError, ParseError, RejectedCandidateError, ValidationError, type FieldError } from '@actsearch/core';

export type HttpErrorCode =
  'payload_too_large' | 'rate_limited' | 'unsupported_media_type' | 'not_ready' | 'bad_request' | 'not_found' | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: readonly FieldError[];
    /** 1-based column of a parse error. */
    readonly column?: number;
  };
}

export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True for 5xx: the caller logs it. */
  readonly unexpected: boolean;
}

const STATUS_OF: Readonly<Record<ActsearchError['code'], number>> = {
  parse_error: 400,
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  rejected_candidate: 422,
};

/** What body-parser (used by express.json) throws: `type` says which failure. */
function bodyParserError(err: unknown): { type: string; status: number } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  return typeof type === 'string' && typeof status === 'number' ? { type, status } : undefined;
}

function reply(
  status: number,
  code: string,
  message: string,
  extra: Partial<ErrorBody['error']> = {},
  headers: Record<string, string> = {},
): ErrorReply {
  return { status, body: { error: { code, message, ...extra } }, headers, unexpected: status >= 500 };
}

export function errorReply(err: unknown): ErrorReply {
  if (err instanceof ValidationError) return reply(400, err.code, err.message, { fields: err.fields });
  if (err instanceof ParseError) return reply(400, err.code, err.message, { column: err.column });
  if (err instanceof RejectedCandidateError) return reply(422, err.code, err.message);
  if (err instanceof ActsearchError) {
    const headers: Record<string, string> = err.code === 'unauthorized' ? { 'WWW-Authenticate': 'Bearer realm="actsearch"' } : {};
    return reply(STATUS_OF[err.code], err.code, err.message, {}, headers);
  }
  if (err instanceof HttpError) return reply(err.status, err.code, err.message, {}, { ...err.headers });
  const parser = bodyParserError(err);
  if (parser !== undefined) {
    if (parser.type === 'entity.too.large') return reply(413, 'payload_too_large', 'the request body is larger than the limit');
    if (parser.type === 'entity.parse.failed') {
      return reply(400, 'validation_failed', 'the request body is not valid JSON', {
        fields: [{ path: 'body', message: 'not valid JSON' }],
      });
    }
    if (parser.type === 'encoding.unsupported' || parser.type === 'charset.unsupported') {
      return reply(415, 'unsupported_media_type', 'send the body as UTF-8 JSON');
    }
    if (parser.status >= 400 && parser.status < 500) return reply(parser.status, 'bad_request', 'the request body could not be read');
  }
  return reply(500, 'internal', 'internal error');
}
