/**
 * Campaigns: the list (status, progress against the budget and the finale's, rejections, failures, the
 * answer marked held up / did not hold up / provisional, ETA;
 * pause/resume/cancel) refreshed every two seconds, and the submission form.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Campaign, CampaignSummary } from '../api/types.ts';
import { AnswerTag, finaleProgressText } from '../components/answer-head.tsx';
import { CampaignActions } from '../components/campaign-actions.tsx';
import { ErrorNotice, ProgressBar, StatusLabel } from '../components/bits.tsx';
import { formatDuration, formatTime } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { CampaignForm } from './campaign-form.tsx';

const PAGE_SIZE = 20;

function CampaignRow({ c, onChanged }: { readonly c: CampaignSummary; readonly onChanged: () => void }) {
  const p = c.progress;
  return (
    <tr data-testid="campaign-row" data-campaign-id={c.id} data-status={c.status}>
      <td>
        <a href={`/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</a>
        <div class="muted small">
          {c.strategy} · {c.spaceId} · {formatTime(c.createdAt)}
        </div>
      </td>
      <td>
        <StatusLabel status={c.status} />
        {c.statusReason !== null && <div class="muted small">{c.statusReason}</div>}
      </td>
      <td class="progress-cell">
        <ProgressBar progress={p} />
        <div class="muted small">
          {p.evaluated} trained · {p.reused} reused · {p.inFlight} in flight
        </div>
        {c.finale?.started === true && (
          <div class="small" data-testid="campaign-finale">
            {finaleProgressText(c)}
          </div>
        )}
      </td>
      <td class="num">
        {p.rejected + p.prescreenRejected}
        <div class="muted small">{p.prescreenRejected} pre-screen</div>
      </td>
      <td class="num">{p.failed}</td>
      <td>
        <AnswerTag answer={c.answer} />
      </td>
      <td class="num">{c.eta === null ? <span class="muted">—</span> : formatDuration(c.eta.seconds)}</td>
      <td>
        <CampaignActions id={c.id} name={c.name} status={c.status} onDone={onChanged} />
      </td>
    </tr>
  );
}

export function CampaignsPage() {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const [submitted, setSubmitted] = useState<Campaign | null>(null);
  const list = useAsync(
    async (signal) => ({ page: await api.campaigns({ limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) }, signal) }),
    [cursor],
    { pollMs: 2000 },
  );
  const catalog = useAsync(async (signal) => {
    const [spaces, tasks] = await Promise.all([api.spaces(signal), api.tasks(signal)]);
    return { spaces, tasks };
  }, []);

  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">Campaigns</h1>
      <ErrorNotice error={list.error} />
      {list.data === undefined ? (
        list.error === undefined && <p class="muted">Loading…</p>
      ) : list.data.page.items.length === 0 && cursor === undefined ? (
        <p class="muted">No campaign yet: submit one below.</p>
      ) : (
        <div class="table-wrap">
          <table class="campaigns" data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Progress (completed / budget)</th>
                <th scope="col" class="num">
                  Rejected
                </th>
                <th scope="col" class="num">
                  Failed
                </th>
                <th scope="col">Answer</th>
                <th scope="col" class="num">
                  ETA
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.page.items.map((c) => (
                <CampaignRow key={c.id} c={c} onChanged={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursors.length > 0 || list.data?.page.nextCursor != null) && (
        <nav class="pager" aria-label="campaign pages">
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            ← Newer
          </button>
          <button
            type="button"
            disabled={list.data?.page.nextCursor == null}
            onClick={() => list.data?.page.nextCursor != null && setCursors([...cursors, list.data.page.nextCursor])}
          >
            Older →
          </button>
        </nav>
      )}
      {submitted !== null && (
        <p class="notice" role="status" data-testid="submitted">
          Submitted <a href={`/campaigns/${encodeURIComponent(submitted.id)}`}>{submitted.name}</a> ({submitted.status}).
        </p>
      )}
      <ErrorNotice error={catalog.error} />
      {catalog.data !== undefined && (
        <CampaignForm
          spaces={catalog.data.spaces}
          tasks={catalog.data.tasks}
          onSubmitted={(c) => {
            setSubmitted(c);
            setCursors([]);
            list.reload();
          }}
        />
      )}
    </section>
  );
}
