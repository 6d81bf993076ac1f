/** `actsearch campaigns`: the campaigns on the server, newest first, as a table. */
import type { CampaignSummary, Page } from '@actsearch/contract';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient, writeJson } from '../client/client-options.ts';
import { intOption } from '../options.ts';
import { answerTag, finaleText } from '../client/answer-text.ts';
import { ellipsis, formatDuration, table } from '../client/format.ts';

const USAGE = `usage: actsearch campaigns [options]

Lists campaigns, newest first, with each one's answer: the activation it offers, marked held up
(beat the reference on every finale task), did not hold up, provisional (search or finale still
running) or no finale.

options:
  --status <s>     only these statuses: queued, running, paused, done, cancelled, failed (comma-separated)
  --limit <n>      at most this many (default 20)
  --all            every campaign (pages through all of them)
${CLIENT_OPTIONS_HELP}
`;

const OPTIONS = { status: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } } as const;

export function campaignRows(items: readonly CampaignSummary[]): string {
  const rows = [
    ['id', 'name', 'status', 'progress', 'rejected', 'failed', 'eta', 'answer', 'created'],
    ...items.map((c) => [
      c.id,
      ellipsis(c.name, 30),
      c.status,
      `${c.progress.completed}/${c.progress.budget}${finaleText(c) === null ? '' : `, ${(finaleText(c) as string).replace(/ ETA .*/, '')}`}`,
      String(c.progress.rejected + c.progress.prescreenRejected),
      String(c.progress.failed),
      c.eta === null ? '' : formatDuration(c.eta.seconds),
      answerTag(c.answer, 30),
      c.createdAt.replace('T', ' ').slice(0, 19),
    ]),
  ];
  return `${table(rows, [4, 5])}\n`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals, json, client } = parseClientArgs('campaigns', args, io, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`campaigns takes no arguments, got '${positionals[0]}'`);
  const limit = intOption(values.limit, 'limit', 1, 1_000_000) ?? 20;
  return runClient(io, async () => {
    const items: CampaignSummary[] = [];
    let cursor: string | undefined;
    do {
      const want = values.all === true ? 200 : Math.min(200, limit - items.length);
      const page = await client.get<Page<CampaignSummary>>('/api/campaigns', {
        status: values.status as string | undefined,
        limit: want,
        cursor,
      });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && (values.all === true || items.length < limit));
    if (json) writeJson(io, items);
    else io.out(items.length === 0 ? "no campaigns yet: 'actsearch submit --help' starts one\n" : campaignRows(items));
    return 0;
  });
}

export const campaignsCommand: CliCommand = {
  name: 'campaigns',
  summary: 'list campaigns with their status and progress',
  usage: USAGE,
  run,
};
