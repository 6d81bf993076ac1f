/**
 * The OpenAPI 3.1 document, generated from the route table's zod schemas (zod 4's toJSONSchema), so
 * what the docs say a route accepts is what its validation enforces.
 */
import { z } from 'zod';
import type { Route } from './route.ts';
import { errorSchema } from '@actsearch/contract';

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'invalid input; `fields` lists each invalid field by path',
  401: 'missing or invalid bearer token',
  404: 'no such resource',
  409: 'illegal state transition',
  413: 'request body too large',
  429: 'too many mutating requests; see Retry-After',
  503: 'a dependency is not reachable',
};

class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    const renamed = new Map<string, string>();
    for (const [id, def] of Object.entries(defs)) {
      let name = id;
      const existing = this.components[name];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(def)) name = `${id}${io === 'input' ? 'Input' : 'Output'}`;
      this.components[name] = def;
      renamed.set(id, name);
    }
    const { $defs: _defs, $schema: _schema, ...rest } = json;
    return rewriteRefs(rest, renamed) as JsonSchema;
  }
}

function rewriteRefs(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renamed));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        const id = v.slice('#/$defs/'.length);
        return [k, `#/components/schemas/${renamed.get(id) ?? id}`];
      }
      return [k, rewriteRefs(v, renamed)];
    }),
  );
}

/** Path and query parameters from an object schema's properties. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', collector: SchemaCollector): JsonSchema[] {
  if (schema === undefined) return [];
  const json = collector.convert(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

export function buildOpenApi(routes: readonly Route[], info: { readonly version: string }): JsonSchema {
  const collector = new SchemaCollector();
  const errorRef = collector.convert(errorSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const statuses = new Set<number>(route.errors ?? []);
    if (route.params !== undefined || route.query !== undefined || route.body !== undefined) statuses.add(400);
    if (route.body !== undefined) statuses.add(413);
    if (route.mutating) {
      statuses.add(401);
      statuses.add(429);
    }
    const responses: Record<string, unknown> = {
      [String(route.success.status)]: {
        description: route.success.description,
        ...(route.success.schema === undefined
          ? {}
          : {
              content: { [route.success.contentType ?? 'application/json']: { schema: collector.convert(route.success.schema, 'output') } },
            }),
      },
    };
    for (const status of [...statuses].sort()) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'error',
        content: { 'application/json': { schema: errorRef } },
      };
    }
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path', collector), ...parameters(route.query, 'query', collector)],
      ...(route.body === undefined
        ? {}
        : {
            requestBody: {
              required: !route.body.safeParse(undefined).success,
              content: { 'application/json': { schema: collector.convert(route.body, 'input') } },
            },
          }),
      responses,
      ...(route.mutating ? { security: [{ bearer: [] }, {}] } : {}),
    };
    const key = openApiPath(route.path);
    paths[key] = { ...(paths[key] ?? {}), [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'actsearch API',
      version: info.version,
      description:
        'Search campaigns over spaces of activation functions, the leaderboard, and code export. Reads are open; mutating routes need `Authorization: Bearer <token>` when tokens are configured.',
    },
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from ACTSEARCH_TOKENS, or the one `actsearch start` prints' },
      },
    },
  };
}
