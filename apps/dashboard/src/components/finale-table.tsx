/**
 * The campaign's finale: per task, the top candidates and the baselines ranked by mean over seeds
 * with the 95 % interval, the paired difference to ReLU and the "holds up" flag; links the report.
 */
import { api } from '../api/client.ts';
import type { CampaignReportBody } from '../api/types.ts';
import { formatDelta, formatMeanInterval } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';
import { ErrorNotice } from './bits.tsx';

export function FinaleTable({ id, status }: { readonly id: string; readonly status: string }) {
  const live = status === 'running' || status === 'queued' || status === 'paused';
  const { data, error } = useAsync((signal) => api.report(id, signal), [id, status], live ? { pollMs: 5_000 } : {});
  const finale: CampaignReportBody['finale'] | undefined = data?.finale;
  return (
    <section data-testid="finale">
      <h2>Finale</h2>
      <ErrorNotice error={error} />
      {data !== undefined && finale === null && <p class="muted">{data.spec.finale?.enabled === false ? 'Off for this campaign.' : 'Starts when the search budget is spent.'}</p>}
      {finale !== null && finale !== undefined && (
        <>
          <p class="muted">
            {finale.stored} of {finale.total} evaluations at {finale.fidelity}, seeds {finale.seeds.join(', ')}
          </p>
          {finale.tasks.map((task) => (
            <div key={task.task}>
              <h3>
                {task.task} ({task.kind})
              </h3>
              <table class="breakdown">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">activation</th>
                    <th scope="col">mean (95 % CI)</th>
                    <th scope="col">Δ ReLU</th>
                    <th scope="col">p</th>
                    <th scope="col">holds up</th>
                  </tr>
                </thead>
                <tbody>
                  {task.rows.map((row) => (
                    <tr key={row.fingerprint}>
                      <td>{row.rank ?? '—'}</td>
                      <td>
                        <a href={`/activations/${row.fingerprint}`}>
                          <code>{row.canonical}</code>
                        </a>
                        {row.baseline !== null && <span class="muted"> baseline</span>}
                      </td>
                      <td>{row.stats === null ? '—' : formatMeanInterval(row.stats.mean, row.stats.ciLow, row.stats.ciHigh)}</td>
                      <td>{row.vsRelu === null ? '—' : formatDelta(row.vsRelu.meanDiff)}</td>
                      <td>{row.vsRelu?.p === null || row.vsRelu?.p === undefined ? '—' : row.vsRelu.p.toPrecision(2)}</td>
                      <td>{finale.holdsUp.includes(row.fingerprint) ? 'yes' : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
      <p>
        <a href={`/api/campaigns/${encodeURIComponent(id)}/report.md`}>Report (Markdown)</a> · <a href={`/api/campaigns/${encodeURIComponent(id)}/report`}>JSON</a>
      </p>
    </section>
  );
}
