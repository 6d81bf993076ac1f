/**
 * `actsearch export <fingerprint|best:<campaign>> --lang <L>`: an activation (or a normalization-
 * activation layer) from the server as a code file, on standard output (redirect it) or into --out.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Campaign } from '@actsearch/contract';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient, writeJson } from '../client/client-options.ts';

const USAGE = `usage: actsearch export <fingerprint | best:<campaign-id>> --lang <language> [options]

Writes an activation as a complete code file to standard output, e.g.
  actsearch export best:<campaign-id> --lang pytorch > swishy.py
The activation is a fingerprint from the leaderboard, or best:<campaign-id> for a campaign's answer:
the finale's winner, or the best so far while the campaign runs (a note on standard error says when
it is provisional or did not hold up against the reference). A layer (docs/layers.md) exports to
pytorch (an nn.Module with running statistics and train()/eval()) or numpy (a class alike).

options:
  --lang <L>       pytorch | keras | jax | tfjs | numpy | latex | typescript (also torch, tf, ts, tex);
                   a layer: pytorch | numpy
  --name <ident>   name of the generated function and class (default: activation; a layer: ActsearchLayer)
  --out <file>     write the file there instead of standard output
${CLIENT_OPTIONS_HELP}
`;

const OPTIONS = { lang: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' } } as const;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals, json, client } = parseClientArgs('export', args, io, OPTIONS);
  if (positionals.length !== 1)
    throw new UsageError("export needs one activation or layer: a fingerprint or best:<campaign-id> (see 'actsearch leaderboard')");
  if (values.lang === undefined) throw new UsageError('export needs --lang (pytorch, keras, jax, tfjs, numpy, latex or typescript)');
  const target = positionals[0] as string;
  return runClient(io, async () => {
    let fingerprint = target;
    if (target.startsWith('best:')) {
      const id = target.slice('best:'.length);
      if (id === '') throw new UsageError('best: needs a campaign id, e.g. best:3f2a…');
      const campaign = await client.get<Campaign>(`/api/campaigns/${encodeURIComponent(id)}`);
      const answer = campaign.answer;
      if (answer === null || answer.fingerprint === null)
        throw new UsageError(`campaign ${id} has no scored activation yet (status ${campaign.status})`);
      fingerprint = answer.fingerprint;
      if (!answer.heldUp)
        io.err(
          `note: ${answer.expression ?? fingerprint} is ${answer.provisional ? 'a provisional answer' : 'not a claim that held up'}: ${answer.reason}\n`,
        );
    }
    const file = await client.download(`/api/activations/${encodeURIComponent(fingerprint)}/export`, {
      lang: values.lang as string,
      name: values.name as string | undefined,
    });
    if (values.out !== undefined) {
      const out = path.resolve(io.cwd, values.out as string);
      await writeFile(out, file.text);
      if (json) writeJson(io, { fingerprint, file: out, bytes: Buffer.byteLength(file.text) });
      else io.err(`wrote ${out}\n`);
    } else if (json) {
      writeJson(io, { fingerprint, filename: file.filename, code: file.text });
    } else {
      io.out(file.text);
    }
    return 0;
  });
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary:
    "write an activation (or a campaign's best) as PyTorch, Keras, JAX, TF.js, NumPy, LaTeX or TypeScript code; a layer as PyTorch or NumPy",
  usage: USAGE,
  run,
};
