/**
 * `actsearch report <campaign-id> [--out DIR]`: the campaign's report from the server, as the API
 * serves it — report.json, report.md (plots embedded) and the plots as f.svg and df.svg.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderReportMarkdown, type CampaignReport } from '@actsearch/engine';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient, writeJson } from '../client/client-options.ts';

const USAGE = `usage: actsearch report <campaign-id> [--out DIR] [options]

Writes the campaign's report: the finale's tables (top candidates and the baselines at the finale's
fidelity over several seeds, on the search and transfer tasks, with 95 % intervals and paired tests
against the reference: ReLU, or bn_relu in a layer campaign), the spec, space hash, seeds, backend, compute time, rejections and f/f′ plots (a layer
campaign: its winners' formulas instead, and no plot files). Without --out, prints the Markdown.

options:
  --out <DIR>   write report.json, report.md, f.svg and df.svg into DIR (created if missing)
${CLIENT_OPTIONS_HELP}
`;

const OPTIONS = { out: { type: 'string' } } as const;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals, json, client } = parseClientArgs('report', args, io, OPTIONS);
  if (positionals.length !== 1) throw new UsageError("report needs one campaign id (see 'actsearch campaigns')");
  const id = encodeURIComponent(positionals[0] as string);
  return runClient(io, async () => {
    const report = await client.get<CampaignReport>(`/api/campaigns/${id}/report`);
    const markdown = (await client.download(`/api/campaigns/${id}/report.md`)).text;
    if (values.out === undefined) {
      if (json) writeJson(io, report);
      else io.out(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
      return 0;
    }
    const dir = path.resolve(io.cwd, values.out as string);
    await mkdir(dir, { recursive: true });
    const files = [
      { file: 'report.json', text: `${JSON.stringify(report, null, 2)}\n` },
      { file: 'report.md', text: markdown },
      // Same renderer as the server's, so these are the plots report.md embeds.
      ...renderReportMarkdown(report).plots.map((plot) => ({ file: plot.file, text: plot.svg })),
    ];
    for (const { file, text } of files) await writeFile(path.join(dir, file), text);
    if (json) writeJson(io, { dir, files: files.map((f) => f.file) });
    else io.err(`wrote ${files.map((f) => f.file).join(', ')} to ${dir}\n`);
    return 0;
  });
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "write a campaign's report (finale tables, spec, compute, rejections, plots) as JSON + Markdown",
  usage: USAGE,
  run,
};
