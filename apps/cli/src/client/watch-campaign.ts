/**
 * Follows a campaign's event stream and renders it: a live progress line on a terminal, one line per
 * change otherwise, or the events as JSON lines. Reconnects when the stream drops before the end.
 */
import type { CampaignBest, CampaignSummary } from '@actsearch/contract';
import type { CliIo } from '../command.ts';
import { ServerProblemError, type ApiClient } from './api-client.ts';
import { answerLines, finaleText, referenceName } from './answer-text.ts';
import { ellipsis, formatDuration, formatInterval, formatScore, formatSigned, progressBar } from './format.ts';

export interface WatchOptions {
  readonly json: boolean;
  /** Reconnection attempts after the stream dropped (default 10). */
  readonly retries?: number;
  readonly retryDelayMs?: number;
}

function bestText(best: CampaignBest | null, ended: boolean): string {
  if (best === null) return 'best —';
  // Once a campaign has ended its search best is final; what it is worth as a claim is the answer's line.
  return ended
    ? `best by search score ${formatScore(best.mean)} ${ellipsis(best.expression, 40)}`
    : `best so far ${formatScore(best.mean)} ${ellipsis(best.expression, 40)} (provisional)`;
}

export function progressLine(campaign: CampaignSummary, best: CampaignBest | null, bar: boolean): string {
  const p = campaign.progress;
  const finale = finaleText(campaign);
  // In the finale the bar follows the finale's evaluations; the search is a count.
  const fraction = finale === null ? p.fraction : (campaign.finale?.fraction ?? 0);
  const parts = [
    `${bar ? `${progressBar(fraction)} ` : ''}${finale === null ? '' : 'search '}${p.completed}/${p.budget}`,
    ...(finale === null ? [] : [finale]),
    campaign.status,
    ...(p.prescreenRejected > 0 ? [`${p.prescreenRejected} pre-screened out`] : []),
    ...(p.rejected > 0 ? [`${p.rejected} rejected`] : []),
    ...(p.failed > 0 ? [`${p.failed} failed`] : []),
    bestText(best, campaign.status !== 'running' && campaign.status !== 'queued' && campaign.status !== 'paused'),
    ...(finale === null && campaign.eta !== null ? [`ETA ${formatDuration(campaign.eta.seconds)}`] : []),
  ];
  return parts.join(' · ');
}

function summary(campaign: CampaignSummary, best: CampaignBest | null): string {
  const p = campaign.progress;
  const started = campaign.startedAt === null ? null : Date.parse(campaign.startedAt);
  const finished = campaign.finishedAt === null ? null : Date.parse(campaign.finishedAt);
  const took = started !== null && finished !== null ? ` in ${formatDuration((finished - started) / 1000)}` : '';
  const lines = [
    `campaign ${campaign.id} ${campaign.status}${campaign.statusReason ? ` (${campaign.statusReason})` : ''}${took}`,
    `  ${p.evaluated} evaluated, ${p.reused} reused, ${p.rejected} rejected in training, ${p.prescreenRejected} pre-screened out, ${p.failed} failed`,
  ];
  const ref = campaign.reference;
  if (ref.search)
    lines.push(
      `  reference: ${ref.activations.map(referenceName).join(', ')} trained apart from the budget (${ref.stored} of ${ref.total} evaluations)`,
    );
  if (campaign.finale?.started === true) lines.push(`  finale: ${campaign.finale.stored} of ${campaign.finale.total} evaluations`);
  if (best !== null) {
    const ref0 = ref.activations[0] === undefined ? 'the reference' : referenceName(ref.activations[0]);
    const delta =
      best.deltaVsReference === null
        ? `no seed in common with ${ref0}`
        : `Δ ${ref0} ${formatSigned(best.deltaVsReference)} over ${best.deltaSeeds} paired seed${best.deltaSeeds === 1 ? '' : 's'}`;
    lines.push(
      `  best by search score: ${best.expression}  ${best.task}/${best.fidelity} ${formatInterval(best.mean, best.ciLow, best.ciHigh, best.clipped)} over ${best.n} seed${best.n === 1 ? '' : 's'}, ${delta}`,
    );
  }
  lines.push(...answerLines(campaign.answer, campaign.id, campaign.kind));
  return `${lines.join('\n')}\n`;
}

/** Exit code: 0 when the campaign is done, 1 when it failed or was cancelled. */
export async function watchCampaign(client: ApiClient, id: string, io: CliIo, options: WatchOptions): Promise<number> {
  const live = io.isTty && !options.json;
  let campaign: CampaignSummary | undefined;
  let best: CampaignBest | null = null;
  let lastLine = '';
  let endStatus: string | undefined;
  const retries = options.retries ?? 10;
  for (let attempt = 0; endStatus === undefined; attempt++) {
    try {
      const outcome = await client.events(`/api/campaigns/${encodeURIComponent(id)}/events`, (event) => {
        if (options.json) io.out(`${JSON.stringify({ event: event.event, data: event.data })}\n`);
        if (event.event === 'progress') campaign = event.data as CampaignSummary;
        else if (event.event === 'best') best = event.data as CampaignBest | null;
        else if (event.event === 'end') endStatus = (event.data as { status?: string }).status ?? 'done';
        // The server sends a changed best before the progress it belongs to: draw on progress only.
        if (options.json || campaign === undefined || event.event !== 'progress') return;
        const line = progressLine(campaign, best, live);
        if (line === lastLine) return;
        lastLine = line;
        io.out(live ? `\r\x1b[2K${line}` : `${line}\n`);
      });
      if (outcome === 'ended' || endStatus !== undefined) break;
    } catch (error) {
      if (!(error instanceof ServerProblemError) || attempt >= retries) throw error;
    }
    if (attempt >= retries) throw new ServerProblemError(`the event stream of campaign ${id} kept dropping`);
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 1000));
  }
  if (!options.json) {
    if (live) io.out('\n');
    if (campaign !== undefined) io.out(summary(campaign, best));
  }
  return endStatus === 'done' ? 0 : 1;
}
