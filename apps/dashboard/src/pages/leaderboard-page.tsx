/**
 * The leaderboard: every activation evaluated on a task at a fidelity, ranked by mean score with its
 * 95 % interval, relative to ReLU, each with a sparkline of f on [−5, 5]. Paged by the API's cursor
 * (50 rows at a time), so ten thousand rows cost the browser no more than fifty; the first page
 * refreshes itself while campaigns run.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { FIDELITIES } from '../api/types.ts';
import { ErrorNotice } from '../components/bits.tsx';
import { Sparkline } from '../components/sparkline.tsx';
import { CLIPPED_NOTE, formatDelta, formatMeanInterval } from '../lib/format.ts';
import { navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';

const PAGE_SIZE = 50;

export function LeaderboardPage({ search }: { readonly search: string }) {
  const params = new URLSearchParams(search);
  const task = params.get('task') ?? '';
  const fidelity = params.get('fidelity') ?? 'screen';
  const campaign = params.get('campaign') ?? '';
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const tasks = useAsync((signal) => api.tasks(signal), []);
  const board = useAsync(
    (signal) =>
      api.leaderboard(
        {
          ...(task === '' ? {} : { task }),
          fidelity,
          limit: PAGE_SIZE,
          ...(campaign === '' ? {} : { campaign }),
          ...(cursor === undefined ? {} : { cursor }),
        },
        signal,
      ),
    [task, fidelity, campaign, cursor],
    cursor === undefined ? { pollMs: 5000 } : {},
  );
  const filter = (key: 'task' | 'fidelity') => (event: Event) => {
    const next = new URLSearchParams(search);
    next.set(key, (event.target as HTMLSelectElement).value);
    setCursors([]);
    navigate(`/leaderboard?${next.toString()}`, { replace: true });
  };
  const data = board.data;
  const shownTask = data?.task ?? task;
  const fidelities = Object.keys(tasks.data?.find((t) => t.id === shownTask)?.fidelities ?? {});
  const baseline = data?.baseline.stats ?? null;

  return (
    <section aria-labelledby="leaderboard-title">
      <h1 id="leaderboard-title">Leaderboard</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="lb-task">Task</label>
          <select id="lb-task" value={shownTask} onChange={filter('task')}>
            {(tasks.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.id} — {t.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="lb-fidelity">Fidelity</label>
          <select id="lb-fidelity" value={fidelity} onChange={filter('fidelity')}>
            {(fidelities.length > 0 ? fidelities : [...FIDELITIES]).map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
      </form>
      {campaign !== '' && (
        <p class="notice" data-testid="campaign-filter">
          Only the activations of campaign <a href={`/campaigns/${encodeURIComponent(campaign)}`}>{campaign}</a> ·{' '}
          <a href={`/leaderboard?${new URLSearchParams({ ...(task === '' ? {} : { task }), fidelity }).toString()}`}>show all</a>
        </p>
      )}
      <ErrorNotice error={tasks.error ?? board.error} />
      {data !== undefined && (
        <p class="baseline" data-testid="baseline">
          Metric: <strong>{data.metric}</strong> (higher is better), task version {data.taskVersion}. ReLU on this task:{' '}
          {baseline === null ? (
            <span class="muted">not evaluated yet, so no difference is shown</span>
          ) : (
            `${formatMeanInterval(baseline.mean, baseline.ciLow, baseline.ciHigh, baseline.clipped)} (n = ${baseline.n})`
          )}
        </p>
      )}
      {data === undefined ? (
        board.error === undefined && <p class="muted">Loading…</p>
      ) : data.items.length === 0 ? (
        <p class="muted">
          No activation has a score on {data.task} at {data.fidelity} yet.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="leaderboard" data-testid="leaderboard-table">
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">f(x) on [−5, 5]</th>
                <th scope="col">Activation</th>
                <th scope="col" class="num">
                  Score ± 95 % CI
                </th>
                <th scope="col" class="num">
                  Seeds
                </th>
                <th scope="col" class="num">
                  vs ReLU
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.fingerprint} data-testid="leaderboard-row" data-fingerprint={row.fingerprint}>
                  <td class="num">{row.rank}</td>
                  <td>
                    <Sparkline text={row.canonical} kind={row.kind} />
                  </td>
                  <td>
                    <a href={`/activations/${row.fingerprint}`}>
                      <code>{row.expression}</code>
                    </a>
                  </td>
                  <td class="num">{formatMeanInterval(row.mean, row.ciLow, row.ciHigh, row.clipped)}</td>
                  <td class="num">{row.n}</td>
                  <td class="num">{formatDelta(row.deltaVsRelu)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.some((row) => row.clipped !== 'none') && <p class="muted small">{CLIPPED_NOTE}</p>}
        </div>
      )}
      {(cursors.length > 0 || data?.nextCursor != null) && (
        <nav class="pager" aria-label="leaderboard pages">
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            ← Previous {PAGE_SIZE}
          </button>
          <span class="muted">page {cursors.length + 1}</span>
          <button
            type="button"
            disabled={data?.nextCursor == null}
            onClick={() => data?.nextCursor != null && setCursors([...cursors, data.nextCursor])}
          >
            Next {PAGE_SIZE} →
          </button>
        </nav>
      )}
    </section>
  );
}
