import { randomUUID } from 'node:crypto';
import type { NewCampaign, NewCandidate, SqlSession, Store } from '@actsearch/store';

/** What each database contributes to the one store suite. */
export interface StoreHarness {
  readonly kind: 'postgres' | 'pglite';
  /** A store on a fresh database, migrated by openStore, with the given clock. */
  open(now: () => Date): Promise<Store>;
  /** A raw session on another fresh, empty database, for the migrator's own tests. */
  freshSession(): Promise<FreshSession>;
}

export interface FreshSession {
  readonly session: SqlSession;
  readonly lockName: string;
  close(): Promise<void>;
}

/** A clock the tests move by hand (leases, heartbeats). */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A unique suffix, so tests sharing one database never see each other's rows. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function campaignInput(overrides: Partial<NewCampaign> = {}): NewCampaign {
  return {
    name: 'swish hunt',
    spec: { space: 'swish-core1', tasks: ['mnist-mlp'], fidelity: 'screen' },
    spaceId: 'swish-core1',
    spaceHash: 'sha256:abc',
    strategy: 'random',
    budget: 10,
    seed: 7,
    ...overrides,
  };
}

/** Stores an activation and returns its fingerprint. */
export async function storedActivation(store: Store, canonical = 'x * sigmoid(x)'): Promise<string> {
  const fingerprint = unique('fp');
  await store.activations.upsert({ fingerprint, canonical });
  return fingerprint;
}

export function candidateInput(fingerprint: string, i: number, extra: Partial<NewCandidate> = {}): NewCandidate {
  return { fingerprint, proposalId: `p${i}`, expression: `x * sigmoid(${i} * x)`, fidelity: 'screen', ...extra };
}
