import { ConflictError, NotFoundError, ValidationError, type FieldError } from '@actsearch/core';
import { statusesLeadingTo, isTerminalStatus } from './campaign-status.ts';
import type { Campaign, CampaignStatus, Prisma, PrismaClient } from './client.ts';
import { decodeCursor, encodeCursor, pageLimit, type Page } from './cursor.ts';
import { counterIncrements, type CounterDeltas } from './campaign-counters.ts';
import { isInt32 } from '@actsearch/core';
import { jsonInput, type JsonValue } from './json.ts';

export interface NewCampaign {
  /** Defaults to a random UUID. */
  readonly id?: string;
  readonly name: string;
  readonly spec: JsonValue;
  readonly spaceId: string;
  readonly spaceHash: string;
  readonly strategy: string;
  readonly budget: number;
  readonly seed: number;
  readonly owner?: string | null;
}

export interface CampaignListQuery {
  /** Only campaigns in these statuses. */
  readonly status?: CampaignStatus | readonly CampaignStatus[];
  /** Only campaigns of this owner. */
  readonly owner?: string;
  /** 1–200, default 50. */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface TransitionOptions {
  /** Stored as `statusReason` (null clears it). */
  readonly reason?: string | null;
  /** Narrows the statuses the move is allowed from (compare-and-set on the caller's view). */
  readonly from?: readonly CampaignStatus[];
}

export interface SaveStrategyStateOptions {
  /** Candidates whose results this state has been told; marked told in the same transaction. */
  readonly told?: readonly string[];
  /** Save only while this owner holds the drive lease: a drive that lost its lease must not write. */
  readonly leaseOwner?: string;
}

/** Campaigns: the immutable spec, the guarded status, counters, strategy state and the drive lease. */
export class CampaignRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date,
  ) {}

  async create(input: NewCampaign): Promise<Campaign> {
    const fields: FieldError[] = [];
    if (!Number.isInteger(input.budget) || input.budget < 1 || !isInt32(input.budget)) {
      fields.push({ path: 'budget', message: 'must be a positive 32-bit integer' });
    }
    if (!isInt32(input.seed)) fields.push({ path: 'seed', message: 'must be a 32-bit integer' });
    for (const key of ['name', 'spaceId', 'spaceHash', 'strategy'] as const) {
      if (input[key].length === 0) fields.push({ path: key, message: 'must not be empty' });
    }
    if (input.spec === null || typeof input.spec !== 'object') fields.push({ path: 'spec', message: 'must be a JSON object' });
    if (fields.length > 0) throw new ValidationError('invalid campaign', fields);
    return this.prisma.campaign.create({
      data: {
        ...(input.id === undefined ? {} : { id: input.id }),
        name: input.name,
        spec: input.spec as Prisma.InputJsonValue,
        spaceId: input.spaceId,
        spaceHash: input.spaceHash,
        strategy: input.strategy,
        budget: input.budget,
        seed: input.seed,
        owner: input.owner ?? null,
      },
    });
  }

  get(id: string): Promise<Campaign | null> {
    return this.prisma.campaign.findUnique({ where: { id } });
  }

  async require(id: string): Promise<Campaign> {
    const campaign = await this.get(id);
    if (campaign === null) throw new NotFoundError(`campaign ${id} not found`);
    return campaign;
  }

  /**
   * Newest first. The cursor is the (createdAt, id) of the last row, so pages neither repeat nor skip
   * rows when campaigns are created while someone pages through.
   */
  async list(query: CampaignListQuery = {}): Promise<Page<Campaign>> {
    const limit = pageLimit(query.limit, 50, 200);
    const statuses = query.status === undefined ? undefined : typeof query.status === 'string' ? [query.status] : [...query.status];
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, parseCampaignCursor);
    const rows = await this.prisma.campaign.findMany({
      where: {
        ...(statuses === undefined ? {} : { status: { in: statuses } }),
        ...(query.owner === undefined ? {} : { owner: query.owner }),
        ...(after === undefined
          ? {}
          : {
              OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }],
            }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  /**
   * Moves the campaign to `to` if the lifecycle allows it from its current status, atomically (a
   * conditional update, so two processes cannot both move it). Sets `startedAt` on the first run and
   * `finishedAt` on a terminal status. Throws ConflictError on an illegal move, NotFoundError when the
   * campaign does not exist.
   */
  async transition(id: string, to: CampaignStatus, options: TransitionOptions = {}): Promise<Campaign> {
    const allowed = statusesLeadingTo(to).filter((s) => options.from === undefined || options.from.includes(s));
    const now = this.now();
    const moved = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({
        where: { id, status: { in: allowed } },
        data: {
          status: to,
          statusReason: options.reason ?? null,
          ...(isTerminalStatus(to) ? { finishedAt: now } : {}),
        },
      });
      if (count === 1 && to === 'running') {
        await tx.campaign.updateMany({ where: { id, startedAt: null }, data: { startedAt: now } });
      }
      return count === 1;
    });
    const campaign = await this.require(id);
    if (!moved) {
      throw new ConflictError(`campaign ${id} cannot go from ${campaign.status} to ${to}`);
    }
    return campaign;
  }

  /** Adds the deltas to the counters in one UPDATE (no read-modify-write, so concurrent bumps add up). */
  async incrementCounters(id: string, deltas: CounterDeltas): Promise<Campaign> {
    const data = counterIncrements(deltas);
    const { count } = await this.prisma.campaign.updateMany({ where: { id }, data });
    if (count === 0) throw new NotFoundError(`campaign ${id} not found`);
    return this.require(id);
  }

  /**
   * Saves the strategy's state and marks the candidates it was told in one transaction, so a crash
   * never leaves a state that has seen a result not marked told (which would be told twice) or the
   * reverse. Returns false, saving nothing, when `leaseOwner` no longer holds the drive lease; throws
   * ConflictError when one of `told` was already marked told (or is not this campaign's).
   */
  async saveStrategyState(id: string, state: JsonValue, options: SaveStrategyStateOptions = {}): Promise<boolean> {
    const told = [...new Set(options.told ?? [])];
    const now = this.now();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({
        where: { id, ...(options.leaseOwner === undefined ? {} : { driveLeaseOwner: options.leaseOwner }) },
        data: { strategyState: jsonInput(state), toldCount: { increment: told.length } },
      });
      if (count === 0) {
        if ((await tx.campaign.count({ where: { id } })) === 0) throw new NotFoundError(`campaign ${id} not found`);
        return false;
      }
      if (told.length > 0) {
        const marked = await tx.candidate.updateMany({
          where: { id: { in: told }, campaignId: id, toldAt: null },
          data: { toldAt: now },
        });
        if (marked.count !== told.length) {
          throw new ConflictError(
            `${told.length - marked.count} of the results to mark told were already told or are not campaign ${id}'s`,
          );
        }
      }
      return true;
    });
  }

  /**
   * Ends the search early at `spent` trained candidates — the strategy has nothing left to propose —
   * by lowering the campaign's budget to it, so everything that reads "budget spent" (the finale, the
   * phase, progress) sees the search as over. The spec keeps the budget that was asked for. Only under
   * `leaseOwner`'s lease, and never raises a budget; returns false when nothing changed.
   */
  async endSearch(id: string, spent: number, options: { readonly leaseOwner?: string } = {}): Promise<boolean> {
    const { count } = await this.prisma.campaign.updateMany({
      where: { id, budget: { gt: spent }, ...(options.leaseOwner === undefined ? {} : { driveLeaseOwner: options.leaseOwner }) },
      data: { budget: spent },
    });
    return count === 1;
  }

  /**
   * Takes the drive lease if it is free, expired, or already `owner`'s. A conditional update, so across
   * any number of processes at most one holds an unexpired lease per campaign.
   */
  async tryAcquireDriveLease(id: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const { count } = await this.prisma.campaign.updateMany({
      where: {
        id,
        OR: [{ driveLeaseOwner: null }, { driveLeaseUntil: { lt: now } }, { driveLeaseOwner: owner }],
      },
      data: { driveLeaseOwner: owner, driveLeaseUntil: new Date(now.getTime() + ttlMs) },
    });
    return count === 1;
  }

  /** Extends `owner`'s lease; false when it has been taken over (the drive must stop writing). */
  async renewDriveLease(id: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const { count } = await this.prisma.campaign.updateMany({
      where: { id, driveLeaseOwner: owner },
      data: { driveLeaseUntil: new Date(now.getTime() + ttlMs) },
    });
    return count === 1;
  }

  /** Frees `owner`'s lease; false when it no longer held it. */
  async releaseDriveLease(id: string, owner: string): Promise<boolean> {
    const { count } = await this.prisma.campaign.updateMany({
      where: { id, driveLeaseOwner: owner },
      data: { driveLeaseOwner: null, driveLeaseUntil: null },
    });
    return count === 1;
  }
}

function parseCampaignCursor(value: unknown): { createdAt: string; id: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { createdAt, id } = value as Record<string, unknown>;
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}
