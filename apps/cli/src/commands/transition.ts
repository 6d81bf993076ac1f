/** `actsearch pause|resume|cancel <id>`: steer a campaign. */
import type { Campaign } from '@actsearch/contract';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient, writeJson } from '../client/client-options.ts';

type Verb = 'pause' | 'resume' | 'cancel';

const WHAT: Readonly<Record<Verb, string>> = {
  pause: 'Pauses a campaign: nothing new is dispatched; evaluations already running finish.',
  resume: 'Resumes a paused campaign.',
  cancel: 'Cancels a campaign: it stops, and its queued evaluations are dropped.',
};

function transitionCommand(verb: Verb): CliCommand {
  const options: Record<string, { type: 'string' }> = verb === 'cancel' ? { reason: { type: 'string' } } : {};
  const usage = `usage: actsearch ${verb} <campaign-id> [options]

${WHAT[verb]} An illegal move (e.g. resuming a running campaign) is refused with exit code 2.
${verb === 'cancel' ? '\noptions:\n  --reason <text>  recorded as the status reason\n' : ''}${CLIENT_OPTIONS_HELP}
`;
  return {
    name: verb,
    summary: `${verb} a campaign`,
    usage,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const { values, positionals, json, client } = parseClientArgs(verb, args, io, options);
      if (positionals.length !== 1) throw new UsageError(`${verb} needs one campaign id (see 'actsearch campaigns')`);
      const id = positionals[0] as string;
      return runClient(io, async () => {
        const reason = values.reason as string | undefined;
        const campaign = await client.post<Campaign>(
          `/api/campaigns/${encodeURIComponent(id)}/${verb}`,
          reason === undefined ? undefined : { reason },
        );
        if (json) writeJson(io, campaign);
        else io.out(`campaign ${campaign.id}: ${campaign.status}\n`);
        return 0;
      });
    },
  };
}

export const pauseCommand = transitionCommand('pause');
export const resumeCommand = transitionCommand('resume');
export const cancelCommand = transitionCommand('cancel');
