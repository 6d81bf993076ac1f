/**
 * A small HTTP client of the actsearch API for the CLI: JSON in and out, the bearer token on every
 * request, the server's `{"error": …}` answers turned into one-line errors, file downloads, and
 * Server-Sent Event streams.
 */
import { ActsearchError } from '@actsearch/core';
import { UsageError } from '../cli-error.ts';
import { parseEventStream, type ServerEvent } from './event-stream.ts';

export interface ClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly server: string;
  readonly token?: string;
  /** Said with a 401: where the token came from and what to do (default: how to pass one). */
  readonly unauthorizedHint?: string;
}

interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly fields?: unknown };
}

/** The server answered 4xx: the caller's input was refused (exit code 2, one line). */
export class RequestRefusedError extends UsageError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly { path: string; message: string }[],
  ) {
    super(`${code}: ${message}`);
    this.name = 'RequestRefusedError';
  }
}

/** The server could not be reached, or failed (5xx): not the caller's fault (exit code 1, one line). */
export class ServerProblemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerProblemError';
  }
}

function fieldsOf(value: unknown): { path: string; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter((f): f is { path: string; message: string } => typeof f?.path === 'string' && typeof f?.message === 'string');
}

export class ApiClient {
  readonly server: string;

  constructor(private readonly options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}), ...extra };
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.server}${path}`, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ServerProblemError(
        `cannot reach the actsearch server at ${this.server}${cause ? ` (${cause})` : ''}; is 'actsearch start' running? (--server or ACTSEARCH_SERVER)`,
      );
    }
  }

  private async fail(res: Response, what: string): Promise<never> {
    const text = await res.text();
    let body: ErrorBody | undefined;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      body = undefined;
    }
    const code = typeof body?.error?.code === 'string' ? body.error.code : `http_${res.status}`;
    const message = typeof body?.error?.message === 'string' ? body.error.message : `${what} answered ${res.status} ${res.statusText}`;
    if (res.status === 401) {
      const hint =
        this.options.unauthorizedHint ?? `pass --token or set ACTSEARCH_TOKEN, or --data with the data folder 'actsearch start' printed`;
      throw new RequestRefusedError(res.status, code, `${message} (${hint})`, []);
    }
    if (res.status >= 400 && res.status < 500) throw new RequestRefusedError(res.status, code, message, fieldsOf(body?.error?.fields));
    throw new ServerProblemError(`the server failed: ${what} answered ${res.status} (${message})`);
  }

  async get<T>(path: string, query: Readonly<Record<string, string | number | undefined>> = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
    const url = search.size === 0 ? path : `${path}?${search.toString()}`;
    const res = await this.fetch(url, { headers: this.headers({ Accept: 'application/json' }) });
    if (!res.ok) return this.fail(res, `GET ${path}`);
    return (await res.json()) as T;
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(path, {
      method: 'POST',
      headers: this.headers({ Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) return this.fail(res, `POST ${path}`);
    return (await res.json()) as T;
  }

  /** A file route: its text and the name from Content-Disposition. */
  async download(
    path: string,
    query: Readonly<Record<string, string | undefined>> = {},
  ): Promise<{ filename: string | null; text: string }> {
    const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const res = await this.fetch(`${path}?${search.toString()}`, { headers: this.headers() });
    if (!res.ok) return this.fail(res, `GET ${path}`);
    const disposition = res.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
    return { filename, text: await res.text() };
  }

  /** Calls `onEvent` for each event until the stream ends, `onEvent` returns true, or `signal` aborts. */
  async events(
    path: string,
    onEvent: (event: ServerEvent) => boolean | void,
    signal?: AbortSignal,
  ): Promise<'ended' | 'stopped' | 'closed'> {
    const res = await this.fetch(path, { headers: this.headers({ Accept: 'text/event-stream' }), ...(signal ? { signal } : {}) });
    if (!res.ok) return this.fail(res, `GET ${path}`);
    if (res.body === null) return 'closed';
    return parseEventStream(res.body, onEvent);
  }
}

/** Whether an error is the caller's (exit 2) rather than the server's or the network's (exit 1). */
export function isCallersFault(error: unknown): boolean {
  return error instanceof UsageError || error instanceof ActsearchError;
}
