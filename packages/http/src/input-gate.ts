/**
 * The one gate every request passes before a handler (and so the database) sees it: the URL's
 * percent-escapes must decode to UTF-8, and no string anywhere — path segment, query key or value,
 * JSON body key or value at any depth — may hold what PostgreSQL cannot store (store textProblem).
 * JSON numbers must be finite (JSON.parse turns 1e309 into Infinity). Each problem is a field error.
 */
import { ValidationError, type FieldError } from '@actsearch/core';
import { textProblem } from '@actsearch/store';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error.ts';
import type { Route } from './route.ts';
import { fieldPath } from './validation.ts';

const MALFORMED = 'has a malformed percent-escape (each % takes two hex digits of UTF-8)';

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function fail(summary: string, fields: readonly FieldError[]): never {
  const first = fields[0] as FieldError;
  throw new ValidationError(
    `${summary}: ${first.path} ${first.message}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''}`,
    fields,
  );
}

/** The route parameter a path segment fills (`id` of `/api/campaigns/:id`), else `path`. */
function segmentName(routes: readonly Route[], segments: readonly string[], index: number): string {
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const name = pattern[index] ?? '';
    if (!name.startsWith(':')) continue;
    if (pattern.every((part, i) => part.startsWith(':') || part === segments[i])) return name.slice(1);
  }
  return 'path';
}

/** Problems of the request line: path segments, then query keys and values, each decoded once. */
export function urlProblems(url: string, routes: readonly Route[]): FieldError[] {
  const fields: FieldError[] = [];
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const segments = path.split('/');
  segments.forEach((segment, i) => {
    if (!segment.includes('%')) return;
    const decoded = decode(segment);
    const problem = decoded === null ? MALFORMED : textProblem(decoded);
    if (problem !== null) fields.push({ path: segmentName(routes, segments, i), message: problem });
  });
  if (mark === -1) return fields;
  for (const pair of url.slice(mark + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = (eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
    const key = decode(rawKey);
    if (key === null || textProblem(key) !== null) {
      fields.push({ path: 'query', message: `a parameter name ${key === null ? MALFORMED : textProblem(key)}` });
      continue;
    }
    if (eq === -1) continue;
    const value = decode(pair.slice(eq + 1).replace(/\+/g, ' '));
    const problem = value === null ? MALFORMED : textProblem(value);
    if (problem !== null) fields.push({ path: key, message: problem });
  }
  return fields;
}

interface PathLink {
  readonly key: PropertyKey;
  readonly parent: PathLink | null;
}

function pathOf(link: PathLink | null): string {
  const keys: PropertyKey[] = [];
  for (let l = link; l !== null; l = l.parent) keys.push(l.key);
  return fieldPath(keys.reverse(), 'body');
}

/**
 * Problems of a parsed JSON body: bad text in any key or string, non-finite numbers; at most `max`.
 * Iterative, so a body nested thousands deep (which JSON.parse accepts) cannot overflow the stack.
 */
export function jsonProblems(value: unknown, max = 20): FieldError[] {
  const fields: FieldError[] = [];
  const pending: [unknown, PathLink | null][] = [[value, null]];
  for (let next = pending.pop(); next !== undefined && fields.length < max; next = pending.pop()) {
    const [v, at] = next;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem !== null) fields.push({ path: pathOf(at), message: problem });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) fields.push({ path: pathOf(at), message: 'must be a finite number (this one overflows a double)' });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push([v[i], { key: i, parent: at }]);
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v).reverse()) {
        const problem = textProblem(key);
        if (problem !== null) fields.push({ path: pathOf(at), message: `a field name ${problem}` });
        else pending.push([item, { key, parent: at }]);
      }
    }
  }
  return fields;
}

/** Express middleware: refuses a request whose URL fails urlProblems, before any route runs. */
export function urlGate(routes: readonly Route[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const fields = urlProblems(req.url, routes);
    if (fields.length === 0) return next();
    try {
      fail('invalid request URL', fields);
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Express middleware for routes that take JSON: a body of another type is refused with 415 (a
 * form or text body must not be read as JSON); an empty body (no length, or 0) passes.
 */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || req.is(['json', '+json']) !== false) return next();
  const given = req.headers['content-type'] ?? 'none';
  next(new HttpError(415, 'unsupported_media_type', `send the body as JSON with Content-Type: application/json (given: ${given})`));
}

/** Throws a ValidationError naming every bad field of a parsed JSON body. */
export function assertCleanBody(body: unknown): void {
  const fields = jsonProblems(body);
  if (fields.length > 0) fail('invalid request body', fields);
}
