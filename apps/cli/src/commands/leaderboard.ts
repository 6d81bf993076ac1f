/**
 * `actsearch leaderboard`: the ranking of every evaluated activation (and normalization-activation
 * layer) on a task, as a readable table.
 */
import type { Leaderboard } from '@actsearch/contract';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient, writeJson } from '../client/client-options.ts';
import { intOption } from '../options.ts';
import { ellipsis, formatScore, formatSigned, table } from '../client/format.ts';

const USAGE = `usage: actsearch leaderboard [options]

Every activation evaluated on a task at a fidelity, ranked by its mean score over seeds, with the
95 % interval of the mean (t-interval; — for a single seed) and the difference to ReLU on the same
task and fidelity (— while ReLU has no score there). Layers (docs/layers.md) rank beside
activations, marked "layer:", with their full formulas under the table.

options:
  --task <id>        proxy task (default: the server's default task)
  --fidelity <f>     screen | standard | full (default screen)
  --campaign <id>    only activations proposed by this campaign
  --limit <n>        rows (default 20, at most 500)
${CLIENT_OPTIONS_HELP}
`;

const FORMULA_WIDTH = 60;

const OPTIONS = {
  task: { type: 'string' },
  fidelity: { type: 'string' },
  campaign: { type: 'string' },
  limit: { type: 'string' },
} as const;

export function leaderboardTable(board: Leaderboard): string {
  const head = `${board.task} · ${board.fidelity} · ${board.metric} (higher is better)`;
  const base = board.baseline.stats;
  const relu =
    base === null ? 'ReLU: not evaluated here yet' : `ReLU: ${formatScore(base.mean)} over ${base.n} seed${base.n === 1 ? '' : 's'}`;
  if (board.items.length === 0) return `${head}\n${relu}\nno evaluated activations yet\n`;
  // A layer's formula is longer than a column can hold: each one in full, under the table.
  const layers = board.items.filter((r) => r.kind === 'layer');
  const rows = [
    ['#', 'score', '95% interval', 'seeds', 'vs ReLU', layers.length === 0 ? 'activation' : 'activation / layer', 'fingerprint'],
    ...board.items.map((r) => [
      String(r.rank),
      formatScore(r.mean),
      r.ciLow === null || r.ciHigh === null
        ? '—'
        : `${formatScore(r.ciLow)}…${formatScore(r.ciHigh)}${r.clipped === 'none' ? '' : ' (cut)'}`,
      String(r.n),
      formatSigned(r.deltaVsRelu),
      r.kind === 'layer' ? ellipsis(`layer: ${r.expression}`, FORMULA_WIDTH) : ellipsis(r.expression, FORMULA_WIDTH),
      r.fingerprint,
    ]),
  ];
  const note = board.items.some((r) => r.clipped !== 'none')
    ? "\n(cut): the t-interval reached past the metric's range and is cut there\n"
    : '';
  const formulas =
    layers.length === 0 ? '' : `\nlayers:\n${layers.map((r) => `  #${r.rank}  ${r.fingerprint}  y = ${r.expression}`).join('\n')}\n`;
  return `${head}\n${relu}\n\n${table(rows, [0, 1, 3, 4])}\n${note}${formulas}`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals, json, client } = parseClientArgs('leaderboard', args, io, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`leaderboard takes no arguments, got '${positionals[0]}'`);
  const limit = intOption(values.limit, 'limit', 1, 500) ?? 20;
  return runClient(io, async () => {
    const board = await client.get<Leaderboard>('/api/leaderboard', {
      task: values.task as string | undefined,
      fidelity: values.fidelity as string | undefined,
      campaign: values.campaign as string | undefined,
      limit,
    });
    if (json) writeJson(io, board);
    else io.out(leaderboardTable(board));
    return 0;
  });
}

export const leaderboardCommand: CliCommand = {
  name: 'leaderboard',
  summary: 'the ranking of evaluated activations on a task, relative to ReLU',
  usage: USAGE,
  run,
};
