/**
 * One campaign, live: status and progress from its event stream, the score of each candidate and
 * the best so far in proposal order, the rejection breakdown, the top candidates with their curves,
 * and parent → child lineage when the strategy breeds (evolution).
 */
import { displayText } from '@actsearch/expr';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { allCandidates, api } from '../api/client.ts';
import type { Campaign, Candidate } from '../api/types.ts';
import { AnswerHead, finaleProgressText } from '../components/answer-head.tsx';
import { CampaignActions } from '../components/campaign-actions.tsx';
import { FinaleTable } from '../components/finale-table.tsx';
import { ErrorNotice, ProgressBar, StatusLabel } from '../components/bits.tsx';
import { LineChart } from '../components/line-chart.tsx';
import { Sparkline } from '../components/sparkline.tsx';
import { lineageEdges, REJECTION_KINDS, REJECTION_LABELS, rejectionBreakdown, scoreSeries, topCandidates } from '../lib/campaign-stats.ts';
import { CLIPPED_NOTE, formatDelta, formatDuration, formatMeanInterval, formatScore, formatTime } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { useCampaignEvents } from '../lib/use-campaign-events.ts';

/** The page loads at most this many candidates (in proposal order) for its charts and tables. */
const MAX_CANDIDATES = 5000;
const CANDIDATE_REFRESH_MS = 1500;
/** Lineage rows shown before "show all". */
const LINEAGE_SHOWN = 12;

function specText(spec: Readonly<Record<string, unknown>>, key: string): string {
  const value = spec[key];
  if (Array.isArray(value)) return value.join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value === undefined ? '—' : String(value);
}

/** The leaderboard filtered to this campaign, on the task and fidelity its scores are measured at. */
function leaderboardLink(c: Campaign): string {
  const tasks = c.spec.tasks;
  const task = Array.isArray(tasks) && typeof tasks[0] === 'string' ? tasks[0] : '';
  const fidelity = typeof c.spec.fidelity === 'string' ? c.spec.fidelity : 'screen';
  return `/leaderboard?${new URLSearchParams({ ...(task === '' ? {} : { task }), fidelity, campaign: c.id }).toString()}`;
}

/** Candidates reloaded when the stream says something moved, at most every CANDIDATE_REFRESH_MS. */
function useCandidates(id: string, sequence: number): { candidates: Candidate[]; error: Error | undefined } {
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [error, setError] = useState<Error | undefined>(undefined);
  const last = useRef(0);
  useEffect(() => setCandidates([]), [id]);
  useEffect(() => {
    const controller = new AbortController();
    const wait = Math.max(0, last.current + CANDIDATE_REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      allCandidates(id, MAX_CANDIDATES, controller.signal).then(
        (list) => {
          setCandidates(list);
          setError(undefined);
        },
        (err: unknown) => {
          if (!controller.signal.aborted) setError(err instanceof Error ? err : new Error(String(err)));
        },
      );
    }, wait);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [id, sequence]);
  return { candidates, error };
}

/** A layer's canonical text puts its affine first (`beta + gamma * …`): shown as people write it. */
function CandidateName({ c }: { readonly c: Candidate }) {
  const text = c.kind === 'layer' && c.canonical !== null ? displayText(c.canonical, c.fingerprint) : (c.canonical ?? c.expression);
  return <a href={`/activations/${c.fingerprint}`}>{text}</a>;
}

export function CampaignPage({ id }: { readonly id: string }) {
  const initial = useAsync((signal) => api.campaign(id, signal), [id]);
  const live = useCampaignEvents(id);
  const [override, setOverride] = useState<Campaign | null>(null);
  const { candidates, error: candidatesError } = useCandidates(id, live.sequence);
  useEffect(() => setOverride(null), [id, live.sequence]);

  const base = initial.data;
  const merged: Campaign | undefined =
    base === undefined ? undefined : { ...base, ...(live.summary ?? {}), best: live.best === undefined ? base.best : live.best };
  // A transition's answer is newer than the stream until the stream's next event.
  const campaign = override ?? merged;
  const series = useMemo(() => scoreSeries(candidates), [candidates]);
  const breakdown = useMemo(() => rejectionBreakdown(candidates, campaign?.progress ?? null), [candidates, campaign?.progress]);
  const top = useMemo(() => topCandidates(candidates, 10), [candidates]);
  const edges = useMemo(() => lineageEdges(candidates, 500), [candidates]);
  const [allEdges, setAllEdges] = useState(false);
  const shownEdges = allEdges ? edges : edges.slice(0, LINEAGE_SHOWN);

  if (campaign === undefined) {
    return (
      <section>
        <h1>Campaign</h1>
        {initial.error === undefined ? <p class="muted">Loading…</p> : <ErrorNotice error={initial.error} />}
      </section>
    );
  }
  const p = campaign.progress;
  const best = campaign.best;
  const chartSeries = [
    { label: 'score', values: series.score, style: 'points' as const, colorVar: '--series-2' },
    { label: 'best so far', values: series.best, style: 'step' as const, colorVar: '--series-1', width: 2 },
  ];
  return (
    <section aria-labelledby="campaign-title" data-testid="campaign-page" data-status={campaign.status}>
      <p class="crumbs">
        <a href="/">Campaigns</a> /
      </p>
      <h1 id="campaign-title">{campaign.name}</h1>
      <div class="campaign-head">
        <StatusLabel status={campaign.status} />
        <span class="muted">{live.connected ? 'live' : live.ended !== null ? 'stream ended' : 'connecting…'}</span>
        <CampaignActions id={campaign.id} name={campaign.name} status={campaign.status} onDone={setOverride} />
      </div>
      {campaign.statusReason !== null && <p class="muted">{campaign.statusReason}</p>}
      <AnswerHead answer={campaign.answer} />
      <dl class="facts">
        <dt>Space</dt>
        <dd data-testid="campaign-space">
          {campaign.spaceId}
          {campaign.kind === 'layer' && <> · searches normalization-activation layers</>}
        </dd>
        <dt>Strategy</dt>
        <dd>{campaign.strategy}</dd>
        <dt>Tasks</dt>
        <dd>{specText(campaign.spec, 'tasks')}</dd>
        <dt>Fidelity</dt>
        <dd>{specText(campaign.spec, 'fidelity')}</dd>
        <dt>Training seeds</dt>
        <dd>{specText(campaign.spec, 'seeds')}</dd>
        <dt>Reference</dt>
        <dd data-testid="campaign-reference">
          {campaign.reference.activations.map((a) => a.expression).join(', ')}
          {campaign.reference.search
            ? ` (trained apart from the budget: ${campaign.reference.stored} of ${campaign.reference.total})`
            : ' (not trained in the search)'}
        </dd>
        <dt>Phase</dt>
        <dd data-testid="campaign-phase">
          {campaign.phase}
          {finaleProgressText(campaign) === null ? '' : ` · ${finaleProgressText(campaign) ?? ''}`}
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(campaign.startedAt)}</dd>
        <dt>ETA</dt>
        <dd>{campaign.eta === null ? '—' : `${formatDuration(campaign.eta.seconds)} (${formatTime(campaign.eta.at)})`}</dd>
      </dl>
      <ProgressBar progress={p} />
      {campaign.finale?.started === true && (
        <ProgressBar
          progress={{ completed: campaign.finale.stored, budget: campaign.finale.total, fraction: campaign.finale.fraction }}
          label="finale evaluations"
          testId="finale-progress"
        />
      )}
      <p class="counts" data-testid="campaign-counts">
        {p.proposed} proposed · {p.evaluated} trained · {p.reused} reused · {p.rejected} rejected in training · {p.prescreenRejected}{' '}
        pre-screened out · {p.failed} failed · {p.inFlight} in flight
      </p>

      <h2>Best by search score</h2>
      {best === null ? (
        <p class="muted">No score yet.</p>
      ) : (
        <div class="best" data-testid="campaign-best">
          <Sparkline text={best.canonical} kind={best.kind} width={160} height={44} />
          <div>
            <a href={`/activations/${best.fingerprint}`}>
              <code>{best.expression}</code>
            </a>
            <div>
              {formatMeanInterval(best.mean, best.ciLow, best.ciHigh, best.clipped)} (mean ± 95 % CI) over {best.n} seed
              {best.n === 1 ? '' : 's'} on {best.task} ({best.fidelity}) · Δ {campaign.reference.activations[0]?.expression ?? 'reference'}{' '}
              {formatDelta(best.deltaVsReference)}
              <span class="muted">
                {' '}
                (paired over {best.deltaSeeds} seed{best.deltaSeeds === 1 ? '' : 's'})
              </span>
            </div>
            {best.clipped !== 'none' && <div class="muted small">{CLIPPED_NOTE}</div>}
          </div>
        </div>
      )}

      <p>
        <a href={leaderboardLink(campaign)}>Its activations on the leaderboard</a>
      </p>
      <FinaleTable id={campaign.id} status={campaign.status} />

      <h2>Scores in proposal order</h2>
      <ErrorNotice error={candidatesError} />
      {series.x.length === 0 ? (
        <p class="muted">No candidate yet.</p>
      ) : (
        <LineChart
          x={series.x}
          series={chartSeries}
          height={260}
          title="score of each candidate and the best so far, by proposal"
          xLabel="proposal #"
          yLabel="score"
          testId="score-chart"
          integerX
        />
      )}

      <div class="two-col">
        <div>
          <h2>Rejections</h2>
          <table class="breakdown" data-testid="rejections">
            <tbody>
              {REJECTION_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{REJECTION_LABELS[kind]}</th>
                  <td class="num">{breakdown[kind]}</td>
                  <td class="bar-cell">
                    <span class="bar" style={{ width: `${p.proposed === 0 ? 0 : Math.round((100 * breakdown[kind]) / p.proposed)}%` }} />
                  </td>
                </tr>
              ))}
              {breakdown.other > 0 && (
                <tr>
                  <th scope="row">other rejections</th>
                  <td class="num">{breakdown.other}</td>
                  <td />
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div>
          <h2>Top candidates</h2>
          {top.length === 0 ? (
            <p class="muted">None scored yet.</p>
          ) : (
            <table class="top" data-testid="top-candidates">
              <thead>
                <tr>
                  <th scope="col">f(x)</th>
                  <th scope="col">Activation</th>
                  <th scope="col" class="num">
                    Score
                  </th>
                </tr>
              </thead>
              <tbody>
                {top.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Sparkline text={c.canonical ?? c.expression} kind={c.kind} width={96} height={28} />
                    </td>
                    <td>
                      <CandidateName c={c} />
                    </td>
                    <td class="num">{formatScore(c.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>

      {edges.length > 0 && (
        <>
          <h2>Lineage (parent → child)</h2>
          <table class="lineage" data-testid="lineage">
            <thead>
              <tr>
                <th scope="col">Parent</th>
                <th scope="col" aria-label="becomes" />
                <th scope="col">Child</th>
                <th scope="col">How</th>
                <th scope="col" class="num">
                  Child score
                </th>
              </tr>
            </thead>
            <tbody>
              {shownEdges.map((e) => (
                <tr key={`${e.parentId}-${e.child.id}`}>
                  <td>{e.parent === null ? <span class="muted">{e.parentId}</span> : <CandidateName c={e.parent} />}</td>
                  <td aria-hidden="true">→</td>
                  <td>
                    <CandidateName c={e.child} />
                  </td>
                  <td class="muted">
                    {e.child.lineage.source ?? ''}
                    {e.child.lineage.generation === null ? '' : ` (gen ${e.child.lineage.generation})`}
                  </td>
                  <td class="num">
                    {e.child.score === null ? <span class="muted">{e.child.state.replace('_', ' ')}</span> : formatScore(e.child.score)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {edges.length > LINEAGE_SHOWN && (
            <button type="button" onClick={() => setAllEdges(!allEdges)}>
              {allEdges ? `Show the newest ${LINEAGE_SHOWN}` : `Show all ${edges.length}${edges.length >= 500 ? '+' : ''}`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
