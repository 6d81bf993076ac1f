/** `actsearch watch <id>`: live progress, best so far and ETA of a campaign until it ends. */
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient } from '../client/client-options.ts';
import { watchCampaign } from '../client/watch-campaign.ts';

const USAGE = `usage: actsearch watch <campaign-id> [options]

Follows a campaign until it is done, cancelled or failed: a progress bar with the best activation so
far and the ETA on a terminal, one line per change otherwise, or every server event as a JSON line
with --json. Exit code 0 when the campaign is done, 1 when it failed or was cancelled.

${CLIENT_OPTIONS_HELP}
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, json, client } = parseClientArgs('watch', args, io);
  if (positionals.length !== 1) throw new UsageError("watch needs one campaign id (see 'actsearch campaigns')");
  return runClient(io, () => watchCampaign(client, positionals[0] as string, io, { json }));
}

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'follow a campaign live (progress, best so far, ETA) until it ends',
  usage: USAGE,
  run,
};
