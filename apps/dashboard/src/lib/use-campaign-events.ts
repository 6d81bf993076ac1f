/**
 * The campaign's live stream (`GET /api/campaigns/:id/events`): `progress` carries the campaign
 * summary, `best` the best so far, `end` the final status, after which the stream is closed here so
 * the browser does not reconnect to a finished campaign.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CampaignBest, CampaignStatus, CampaignSummary } from '../api/types.ts';

export interface LiveCampaign {
  readonly summary: CampaignSummary | null;
  /** undefined until the first `best` event. */
  readonly best: CampaignBest | null | undefined;
  readonly ended: { readonly status: CampaignStatus | 'deleted'; readonly reason?: string | null } | null;
  /** Whether the stream is open right now. */
  readonly connected: boolean;
  /** Counts every event, so views can refresh what depends on them. */
  readonly sequence: number;
}

const INITIAL: LiveCampaign = { summary: null, best: undefined, ended: null, connected: false, sequence: 0 };

export function useCampaignEvents(id: string): LiveCampaign {
  const [state, setState] = useState<LiveCampaign>(INITIAL);
  useEffect(() => {
    setState(INITIAL);
    const source = new EventSource(`/api/campaigns/${encodeURIComponent(id)}/events`);
    const parse = (event: Event): unknown => {
      try {
        return JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return undefined;
      }
    };
    source.addEventListener('open', () => setState((s) => ({ ...s, connected: true })));
    source.addEventListener('error', () => setState((s) => ({ ...s, connected: source.readyState === EventSource.OPEN })));
    source.addEventListener('progress', (event) => {
      const summary = parse(event) as CampaignSummary | undefined;
      if (summary !== undefined) setState((s) => ({ ...s, summary, sequence: s.sequence + 1 }));
    });
    source.addEventListener('best', (event) => {
      const best = parse(event) as CampaignBest | null | undefined;
      if (best !== undefined) setState((s) => ({ ...s, best, sequence: s.sequence + 1 }));
    });
    source.addEventListener('end', (event) => {
      source.close();
      const ended = (parse(event) ?? { status: 'done' }) as LiveCampaign['ended'];
      setState((s) => ({ ...s, ended, connected: false, sequence: s.sequence + 1 }));
    });
    return () => source.close();
  }, [id]);
  return state;
}
