import { NotFoundError, ValidationError } from '@actsearch/core';
import { COUNTER_OF_STATE, counterIncrements, type CounterDeltas } from './campaign-counters.ts';
import type { Candidate, CandidateState, PrismaClient } from './client.ts';
import { decodeCursor, encodeCursor, pageLimit, type Page } from './cursor.ts';
import { jsonInput, type JsonValue } from './json.ts';

export interface NewCandidate {
  /** The activation must be stored first (activations.upsert). */
  readonly fingerprint: string;
  readonly proposalId: string;
  readonly expression: string;
  readonly meta?: JsonValue;
  readonly fidelity: string;
  /** Default `proposed`. */
  readonly state?: CandidateState;
  readonly reason?: string | null;
  readonly evaluationKeys?: readonly string[];
}

export interface CandidateTransition {
  /** Move only from these states (default: the unresolved ones, `proposed` and `queued`). */
  readonly from?: readonly CandidateState[];
  /** Stored as `reason` when given (null clears it). */
  readonly reason?: string | null;
  /** Replaces the keys the candidate waits on, when given. */
  readonly evaluationKeys?: readonly string[];
}

export interface CandidateListQuery {
  readonly state?: CandidateState | readonly CandidateState[];
  /** 1–1000, default 100. */
  readonly limit?: number;
  readonly cursor?: string;
}

export const CANDIDATE_STATES: readonly CandidateState[] = [
  'proposed',
  'prescreen_rejected',
  'queued',
  'evaluated',
  'rejected',
  'failed',
  'reused',
];

/** States that carry a result the strategy must be told. */
export const RESOLVED_CANDIDATE_STATES: readonly CandidateState[] = ['prescreen_rejected', 'evaluated', 'rejected', 'failed', 'reused'];

/**
 * Candidates, in each campaign's proposal order. Their state changes and the campaign's counters move
 * together in one transaction, so the counters always equal the number of candidates that entered
 * each state, whatever crashes or retries happen in between.
 */
export class CandidateRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Appends candidates to a campaign, numbering them on from its `proposed` counter (the campaign row
   * is locked meanwhile, so concurrent appends never collide), and bumps the counters of their
   * initial states. Returns them in order.
   */
  async append(campaignId: string, items: readonly NewCandidate[]): Promise<Candidate[]> {
    if (items.length === 0) return [];
    const deltas: CounterDeltas = { proposed: items.length };
    for (const item of items) {
      const counter = COUNTER_OF_STATE[item.state ?? 'proposed'];
      if (counter !== undefined) deltas[counter] = (deltas[counter] ?? 0) + 1;
    }
    const fingerprints = [...new Set(items.map((item) => item.fingerprint))];
    return this.prisma.$transaction(async (tx) => {
      const known = await tx.activation.count({ where: { fingerprint: { in: fingerprints } } });
      if (known !== fingerprints.length) {
        throw new ValidationError('every candidate needs its activation stored first', [
          { path: 'fingerprint', message: `${fingerprints.length - known} of the fingerprints are not stored` },
        ]);
      }
      const { count } = await tx.campaign.updateMany({ where: { id: campaignId }, data: counterIncrements(deltas) });
      if (count === 0) throw new NotFoundError(`campaign ${campaignId} not found`);
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { proposed: true } });
      const first = campaign.proposed - items.length;
      await tx.candidate.createMany({
        data: items.map((item, i) => ({
          campaignId,
          fingerprint: item.fingerprint,
          order: first + i,
          proposalId: item.proposalId,
          expression: item.expression,
          meta: jsonInput(item.meta),
          fidelity: item.fidelity,
          state: item.state ?? 'proposed',
          reason: item.reason ?? null,
          evaluationKeys: [...(item.evaluationKeys ?? [])],
        })),
      });
      return tx.candidate.findMany({
        where: { campaignId, order: { gte: first, lt: first + items.length } },
        orderBy: { order: 'asc' },
      });
    });
  }

  get(id: string): Promise<Candidate | null> {
    return this.prisma.candidate.findUnique({ where: { id } });
  }

  /**
   * Moves a candidate to `to` if it is in one of `from`, and bumps the campaign counter of `to` in the
   * same transaction. Returns false, changing nothing, when the candidate was elsewhere — e.g. a
   * retried evaluation reporting twice — so a result is never counted twice. Throws NotFoundError when
   * there is no such candidate.
   */
  async transition(id: string, to: CandidateState, options: CandidateTransition = {}): Promise<boolean> {
    const from = options.from ?? ['proposed', 'queued'];
    const counter = COUNTER_OF_STATE[to];
    return this.prisma.$transaction(async (tx) => {
      const candidate = await tx.candidate.findUnique({ where: { id }, select: { campaignId: true } });
      if (candidate === null) throw new NotFoundError(`candidate ${id} not found`);
      const { count } = await tx.candidate.updateMany({
        where: { id, state: { in: [...from] } },
        data: {
          state: to,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
          ...(options.evaluationKeys === undefined ? {} : { evaluationKeys: [...options.evaluationKeys] }),
        },
      });
      if (count === 1 && counter !== undefined) {
        await tx.campaign.update({ where: { id: candidate.campaignId }, data: counterIncrements({ [counter]: 1 }) });
      }
      return count === 1;
    });
  }

  /** In proposal order; the cursor is the last order seen, so inserts never shift later pages. */
  async listByCampaign(campaignId: string, query: CandidateListQuery = {}): Promise<Page<Candidate>> {
    const limit = pageLimit(query.limit, 100, 1000);
    const states = query.state === undefined ? undefined : typeof query.state === 'string' ? [query.state] : [...query.state];
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, parseOrderCursor);
    const rows = await this.prisma.candidate.findMany({
      where: {
        campaignId,
        ...(states === undefined ? {} : { state: { in: states } }),
        ...(after === undefined ? {} : { order: { gt: after } }),
      },
      orderBy: { order: 'asc' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.order) : null };
  }

  /** Candidates of any campaign that wait on this evaluation (state `queued` unless told otherwise). */
  findWaitingOn(evaluationKey: string, states: readonly CandidateState[] = ['queued']): Promise<Candidate[]> {
    return this.prisma.candidate.findMany({
      where: { evaluationKeys: { has: evaluationKey }, state: { in: [...states] } },
      orderBy: [{ campaignId: 'asc' }, { order: 'asc' }],
    });
  }

  /** Every state with its count (zeros included). */
  async countByState(campaignId: string): Promise<Record<CandidateState, number>> {
    const groups = await this.prisma.candidate.groupBy({ by: ['state'], where: { campaignId }, _count: { _all: true } });
    const counts = Object.fromEntries(CANDIDATE_STATES.map((state) => [state, 0])) as Record<CandidateState, number>;
    for (const group of groups) counts[group.state] = group._count._all;
    return counts;
  }

  /** The newest `limit` candidates in `states`, newest proposal first (the failure policy's streak rule). */
  latestInStates(campaignId: string, states: readonly CandidateState[], limit: number): Promise<Candidate[]> {
    return this.prisma.candidate.findMany({
      where: { campaignId, state: { in: [...states] } },
      orderBy: { order: 'desc' },
      take: limit,
    });
  }

  /** Resolved candidates the strategy has not been told yet, in proposal order. */
  listUntoldResults(campaignId: string, limit = 1000): Promise<Candidate[]> {
    return this.prisma.candidate.findMany({
      where: { campaignId, toldAt: null, state: { in: [...RESOLVED_CANDIDATE_STATES] } },
      orderBy: { order: 'asc' },
      take: limit,
    });
  }
}

function parseOrderCursor(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
