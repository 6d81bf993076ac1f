/**
 * Live campaign snapshots for event streams. One poller per watched campaign, shared by all its
 * subscribers, reads the store every `pollMs` — the store is the one place every process writes to,
 * so this works the same whether the campaign is driven here (embedded) or by remote workers. The
 * outlook (answer, best so far, finale progress) is recomputed when the number of finished candidates
 * or the status changed, and otherwise at most every OUTLOOK_REFRESH_MS (the finale moves no counter).
 */
import type { CampaignOutlook, KnownTask } from '@actsearch/engine';
import type { Store } from '@actsearch/store';
import { isTerminalStatus } from '@actsearch/store';
import type { CampaignBest, CampaignSummary } from '@actsearch/contract';
import { bestView, campaignSummary, outlookOf } from './campaign-view.ts';

const OUTLOOK_REFRESH_MS = 2_000;

export interface CampaignSnapshot {
  readonly campaign: CampaignSummary;
  readonly best: CampaignBest | null;
  /** done, cancelled or failed: no further snapshot will differ. */
  readonly terminal: boolean;
}

export type SnapshotListener = (snapshot: CampaignSnapshot | null, error?: Error) => void;

interface Watch {
  readonly listeners: Set<SnapshotListener>;
  timer?: NodeJS.Timeout;
  last?: CampaignSnapshot;
  /** completed count and status the cached outlook was computed at, and when. */
  outlookKey?: string;
  outlookAt?: number;
  outlook?: CampaignOutlook;
}

export interface CampaignEventsOptions {
  readonly pollMs: number;
  readonly now?: () => Date;
  /** Metric ranges and step counts of the tasks, for the outlook. */
  readonly tasks?: readonly KnownTask[];
}

export class CampaignEvents {
  private readonly watches = new Map<string, Watch>();
  private readonly now: () => Date;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: CampaignEventsOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Calls `listener` with a snapshot now and after every poll; `null` means the campaign is gone.
   * Returns the unsubscribe function. Listeners diff snapshots themselves.
   */
  subscribe(campaignId: string, listener: SnapshotListener): () => void {
    let watch = this.watches.get(campaignId);
    if (watch === undefined) {
      watch = { listeners: new Set() };
      this.watches.set(campaignId, watch);
    }
    watch.listeners.add(listener);
    if (watch.timer === undefined) this.schedule(campaignId, watch, 0);
    else if (watch.last !== undefined) listener(watch.last);
    return () => {
      const current = this.watches.get(campaignId);
      if (current === undefined) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        clearTimeout(current.timer);
        this.watches.delete(campaignId);
      }
    };
  }

  /** Number of campaigns being polled (for tests and metrics). */
  get watched(): number {
    return this.watches.size;
  }

  close(): void {
    this.closed = true;
    for (const watch of this.watches.values()) clearTimeout(watch.timer);
    this.watches.clear();
  }

  private schedule(campaignId: string, watch: Watch, delayMs: number): void {
    watch.timer = setTimeout(() => void this.poll(campaignId, watch), delayMs);
    watch.timer.unref();
  }

  private async poll(campaignId: string, watch: Watch): Promise<void> {
    let snapshot: CampaignSnapshot | null;
    try {
      snapshot = await this.snapshot(campaignId, watch);
    } catch (error) {
      if (this.watches.get(campaignId) !== watch) return;
      for (const listener of [...watch.listeners]) listener(watch.last ?? null, error instanceof Error ? error : new Error(String(error)));
      this.schedule(campaignId, watch, this.options.pollMs);
      return;
    }
    if (this.closed || this.watches.get(campaignId) !== watch) return;
    if (snapshot !== null) watch.last = snapshot;
    for (const listener of [...watch.listeners]) listener(snapshot);
    if (snapshot !== null && !snapshot.terminal && this.watches.get(campaignId) === watch)
      this.schedule(campaignId, watch, this.options.pollMs);
  }

  private async snapshot(campaignId: string, watch: Watch): Promise<CampaignSnapshot | null> {
    const campaign = await this.store.campaigns.get(campaignId);
    if (campaign === null) return null;
    const now = this.now();
    const key = `${campaign.evaluated + campaign.reused + campaign.rejected + campaign.failed}:${campaign.prescreenRejected}:${campaign.status}`;
    const fresh = watch.outlook !== undefined && watch.outlookKey === key && now.getTime() - (watch.outlookAt ?? 0) < OUTLOOK_REFRESH_MS;
    const outlook =
      fresh && watch.outlook !== undefined ? watch.outlook : await outlookOf(this.store, campaign, now, this.options.tasks ?? []);
    if (!fresh) {
      watch.outlook = outlook;
      watch.outlookKey = key;
      watch.outlookAt = now.getTime();
    }
    return {
      campaign: campaignSummary(campaign, now, outlook),
      best: bestView(outlook.searchBest),
      terminal: isTerminalStatus(campaign.status),
    };
  }
}
