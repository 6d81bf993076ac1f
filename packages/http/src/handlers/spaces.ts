/** `GET /api/spaces`, `GET /api/spaces/:id`: the search spaces this server knows. */
import { print } from '@actsearch/expr';
import { contentHash, count, countShape, type SearchSpace } from '@actsearch/spaces';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { Reply, RouteInput } from '../route.ts';

export const spaceIdParams = z.strictObject({ id: z.string().min(1).max(100).describe('space id, e.g. swish-core1') });

/** Exact counts can exceed 2^53: they travel as numbers while exact, as decimal strings beyond. */
function jsonCount(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function summary(space: SearchSpace) {
  return {
    id: space.id,
    version: space.version,
    title: space.title,
    description: space.description ?? null,
    source: space.source ?? null,
    contentHash: contentHash(space),
    members: jsonCount(count(space)),
  };
}

export async function listSpaces(_input: RouteInput<unknown, unknown, unknown>, ctx: ApiContext): Promise<Reply> {
  return { status: 200, body: ctx.spaces.list().map((space) => ({ ...summary(space), shapes: space.shapes.length })) };
}

export async function getSpace(input: RouteInput<z.output<typeof spaceIdParams>, unknown, unknown>, ctx: ApiContext): Promise<Reply> {
  const space = ctx.spaces.get(input.params.id);
  return {
    status: 200,
    body: {
      ...summary(space),
      shapes: space.shapes.map((shape) => ({ label: shape.label, members: jsonCount(countShape(shape)), decisions: shape.slots.length })),
      operators: {
        unary: space.unary.map((op) => ({ name: op.name, text: print(op.template) })),
        binary: space.binary.map((op) => ({ name: op.name, text: print(op.template) })),
      },
    },
  };
}
