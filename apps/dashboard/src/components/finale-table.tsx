/**
 * The campaign's finale: per task, the top candidates and the baselines ranked by mean over seeds
 * with the 95 % interval (cut at the metric's range, marked †), Δ reference paired over common seeds,
 * the one-sided p and its Holm-adjusted value, and the "better" mark (adjusted p below α); then each
 * finalist's verdict. Links the report.
 */
import { api } from '../api/client.ts';
import type { CampaignReportBody } from '../api/types.ts';
import { CLIPPED_NOTE, formatDelta, formatMeanInterval, formatP } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { ErrorNotice } from './bits.tsx';

export function FinaleTable({ id, status }: { readonly id: string; readonly status: string }) {
  const live = status === 'running' || status === 'queued' || status === 'paused';
  const { data, error } = useAsync((signal) => api.report(id, signal), [id, status], live ? { pollMs: 5_000 } : {});
  const finale: CampaignReportBody['finale'] | undefined = data?.finale;
  const ref = finale?.reference.expression ?? 'reference';
  const anyClipped =
    finale?.tasks.some((t) =>
      t.rows.some((r) => (r.stats?.clipped ?? 'none') !== 'none' || (r.vsReference?.clipped ?? 'none') !== 'none'),
    ) ?? false;
  return (
    <section data-testid="finale">
      <h2>Finale</h2>
      <ErrorNotice error={error} />
      {data !== undefined && finale === null && (
        <p class="muted">{data.spec.finale?.enabled === false ? 'Off for this campaign.' : 'Starts when the search budget is spent.'}</p>
      )}
      {finale !== null && finale !== undefined && (
        <>
          <p class="muted">
            {finale.stored} of {finale.total} evaluations at {finale.fidelity}, seeds {finale.seeds.join(', ')}. Mean ± 95 % t-interval; Δ{' '}
            {ref} is the paired mean difference over common seeds; p is one-sided ("better than {ref}"), p (Holm) adjusted over all{' '}
            {finale.comparisons} comparisons; ✓ = better with p (Holm) &lt; {finale.alpha}.
          </p>
          {finale.tasks.map((task) => (
            <div key={task.task}>
              <h3>
                {task.task} ({task.kind})
              </h3>
              <table class="breakdown" data-testid="finale-task">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">activation</th>
                    <th scope="col">mean ± 95 % CI</th>
                    <th scope="col">Δ {ref} (95 % CI)</th>
                    <th scope="col">p</th>
                    <th scope="col">p (Holm)</th>
                    <th scope="col">better</th>
                  </tr>
                </thead>
                <tbody>
                  {task.rows.map((row) => (
                    <tr key={row.fingerprint}>
                      <td>{row.rank ?? '—'}</td>
                      <td>
                        <a href={`/activations/${row.fingerprint}`}>
                          <code>{row.expression}</code>
                        </a>
                        {row.fingerprint === finale.reference.fingerprint ? (
                          <span class="muted"> reference</span>
                        ) : (
                          row.baseline !== null && <span class="muted"> baseline</span>
                        )}
                      </td>
                      <td>
                        {row.stats === null
                          ? '—'
                          : formatMeanInterval(row.stats.mean, row.stats.ciLow, row.stats.ciHigh, row.stats.clipped)}
                      </td>
                      <td>
                        {row.vsReference === null
                          ? '—'
                          : `${formatDelta(row.vsReference.meanDiff)}${row.vsReference.ciLow === null ? '' : ` [${formatDelta(row.vsReference.ciLow)}, ${formatDelta(row.vsReference.ciHigh)}]${row.vsReference.clipped === 'none' ? '' : '†'}`}`}
                      </td>
                      <td>{formatP(row.vsReference?.p)}</td>
                      <td>{formatP(row.vsReference?.pAdjusted)}</td>
                      <td>
                        {row.vsReference !== null &&
                        row.vsReference.meanDiff > 0 &&
                        row.vsReference.pAdjusted !== null &&
                        row.vsReference.pAdjusted < finale.alpha
                          ? '✓'
                          : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          {anyClipped && <p class="muted small">{CLIPPED_NOTE}</p>}
          {data !== undefined && data.finalists.length > 0 && (
            <>
              <h3>Finalists</h3>
              <ul data-testid="finalists">
                {data.finalists.map((f) => (
                  <li key={f.fingerprint}>
                    <code>{f.expression}</code>: {f.verdict}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <p>
        <a href={`/api/campaigns/${encodeURIComponent(id)}/report.md`}>Report (Markdown)</a> ·{' '}
        <a href={`/api/campaigns/${encodeURIComponent(id)}/report`}>JSON</a>
      </p>
    </section>
  );
}
