/**
 * `actsearch submit`: sends a campaign to the server — from a YAML/JSON file, from flags, or both
 * (flags override the file) — and prints its id.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Campaign } from '@actsearch/contract';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { CLIENT_OPTIONS_HELP, parseClientArgs, runClient, writeJson } from '../client/client-options.ts';
import { intOption } from '../options.ts';
import { estimateLines } from '../client/answer-text.ts';
import { watchCampaign } from '../client/watch-campaign.ts';

const USAGE = `usage: actsearch submit [campaign.yaml] [options]

Submits a search campaign and prints its id (and, on standard error, what its finale is expected
to cost, from the training times measured so far). The campaign comes from a YAML or JSON file (the API's
campaign spec: name, space, strategy, tasks, fidelity, budget, seeds, rejection, parallelism), from
the options below, or both — options override the file.

options:
  --name <text>             campaign name (default: "<strategy> on <space>")
  --space <id>              search space, e.g. swish-core1 or tiny (see 'actsearch space list')
  --strategy <name>         exhaustive | random | evolution | controller | surrogate | guided | halving
  --strategy-config <json>  the strategy's options, e.g. '{"populationSize": 16}'
  --task <id>               proxy task; repeat for several (default mnist-mlp)
  --fidelity <f>            screen | standard | full (default screen)
  --budget <n>              candidates to train (pre-screen rejections are free)
  --seeds <list>            training seeds, e.g. 0,1,2 (default 0)
  --seed <n>                the strategy's random seed (default 0)
  --parallelism <n>         evaluations at once (default 4)
  --no-prescreen, --no-quality, --no-stability, --no-divergence
                            switch a rejection test off
  --no-finale               end at the search budget (the finale re-tests the best on by default)
  --finale-fidelity <f>     the finale's fidelity (default full; screen for a quick demo)
  --finale-top-k <n>        candidates the finale re-tests (default 10)
  --finale-seeds <n>        seeds per finale evaluation (default 3)
  --transfer-task <id>      the finale's transfer task; repeat for several (default fashion-resmlp)
  --reference <expr>        what every score is compared with (default relu; bn_relu in a layer space);
                            repeat for several, the first is the one Δ and the answer use
  --no-reference            do not train the reference at the search's tasks and seeds (the finale
                            still does)
  --watch                   then follow its progress like 'actsearch watch'
${CLIENT_OPTIONS_HELP}

example:
  actsearch submit --space tiny --strategy random --task spirals-mlp --budget 20
`;

const OPTIONS = {
  name: { type: 'string' },
  space: { type: 'string' },
  strategy: { type: 'string' },
  'strategy-config': { type: 'string' },
  task: { type: 'string', multiple: true },
  fidelity: { type: 'string' },
  budget: { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  parallelism: { type: 'string' },
  'no-prescreen': { type: 'boolean' },
  'no-quality': { type: 'boolean' },
  'no-stability': { type: 'boolean' },
  'no-divergence': { type: 'boolean' },
  'no-finale': { type: 'boolean' },
  'finale-fidelity': { type: 'string' },
  'finale-top-k': { type: 'string' },
  'finale-seeds': { type: 'string' },
  'transfer-task': { type: 'string', multiple: true },
  reference: { type: 'string', multiple: true },
  'no-reference': { type: 'boolean' },
  watch: { type: 'boolean' },
} as const;

async function readSpecFile(file: string, io: CliIo): Promise<Record<string, unknown>> {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch {
    throw new UsageError(`cannot read the campaign file ${file}`);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(
      `${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file} must hold one campaign: a mapping of name, space, strategy, …`);
  return value as Record<string, unknown>;
}

function seedList(text: string): number[] {
  return text.split(',').map((s) => {
    const n = intOption(s, 'seeds', 0, 2 ** 31 - 1);
    if (n === undefined) throw new UsageError('--seeds needs a comma-separated list of integers, e.g. 0,1,2');
    return n;
  });
}

/** The spec from the file (if any) with the options laid over it. */
export function specFromOptions(base: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...base };
  if (values.space !== undefined) spec.space = values.space;
  if (values.strategy !== undefined || values['strategy-config'] !== undefined) {
    const current = spec.strategy;
    const name =
      (values.strategy as string | undefined) ??
      (typeof current === 'string' ? current : (current as { name?: unknown } | undefined)?.name);
    let config: unknown = typeof current === 'object' && current !== null ? (current as { config?: unknown }).config : undefined;
    if (values['strategy-config'] !== undefined) {
      try {
        config = JSON.parse(values['strategy-config'] as string);
      } catch {
        throw new UsageError(`--strategy-config must be JSON, e.g. '{"populationSize": 16}'`);
      }
    }
    spec.strategy = config === undefined ? name : { name, config };
  }
  if (values.task !== undefined) spec.tasks = values.task;
  if (values.fidelity !== undefined) spec.fidelity = values.fidelity;
  if (values.budget !== undefined) spec.budget = { candidates: intOption(values.budget, 'budget', 1, 2 ** 31 - 1) };
  if (values.seeds !== undefined) spec.seeds = seedList(values.seeds as string);
  if (values.seed !== undefined) spec.seed = intOption(values.seed, 'seed', 0, 2 ** 31 - 1);
  if (values.parallelism !== undefined) spec.parallelism = intOption(values.parallelism, 'parallelism', 1, 100_000);
  const off = (['prescreen', 'quality', 'stability', 'divergence'] as const).filter((t) => values[`no-${t}`] === true);
  if (off.length > 0) {
    const rejection = typeof spec.rejection === 'object' && spec.rejection !== null ? { ...(spec.rejection as object) } : {};
    for (const test of off) (rejection as Record<string, unknown>)[test] = false;
    spec.rejection = rejection;
  }
  const finale: Record<string, unknown> = typeof spec.finale === 'object' && spec.finale !== null ? { ...(spec.finale as object) } : {};
  if (values['no-finale'] === true) finale.enabled = false;
  if (values['finale-fidelity'] !== undefined) finale.fidelity = values['finale-fidelity'];
  if (values['finale-top-k'] !== undefined) finale.topK = intOption(values['finale-top-k'], 'finale-top-k', 1, 100);
  if (values['finale-seeds'] !== undefined) finale.seeds = intOption(values['finale-seeds'], 'finale-seeds', 1, 16);
  if (values['transfer-task'] !== undefined) finale.transferTasks = values['transfer-task'];
  if (Object.keys(finale).length > 0) spec.finale = finale;
  if (values.reference !== undefined || values['no-reference'] === true) {
    const given = spec.reference;
    const reference: Record<string, unknown> = Array.isArray(given)
      ? { activations: given }
      : typeof given === 'object' && given !== null
        ? { ...(given as object) }
        : {};
    if (values.reference !== undefined) reference.activations = values.reference;
    if (values['no-reference'] === true) reference.search = false;
    spec.reference = reference;
  }
  spec.tasks ??= ['mnist-mlp'];
  if (spec.name === undefined) {
    const strategy =
      typeof spec.strategy === 'string' ? spec.strategy : ((spec.strategy as { name?: unknown } | undefined)?.name ?? 'search');
    spec.name = `${String(strategy)} on ${String(spec.space ?? 'a space')}`;
  }
  if (values.name !== undefined) spec.name = values.name;
  return spec;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals, json, client } = parseClientArgs('submit', args, io, OPTIONS);
  if (positionals.length > 1) throw new UsageError(`submit takes at most one campaign file, got ${positionals.length} arguments`);
  return runClient(io, async () => {
    const base = positionals[0] === undefined ? {} : await readSpecFile(positionals[0], io);
    const spec = specFromOptions(base, values);
    for (const required of ['space', 'strategy', 'budget'] as const) {
      if (spec[required] === undefined)
        throw new UsageError(
          `the campaign needs a ${required}: pass --${required} or put it in a campaign file (see 'actsearch submit --help')`,
        );
    }
    const campaign = await client.post<Campaign>('/api/campaigns', spec);
    if (json && values.watch !== true) writeJson(io, campaign);
    else {
      io.out(`${campaign.id}\n`);
      // Standard error, so `id=$(actsearch submit …)` still reads the id alone.
      for (const line of estimateLines(campaign)) io.err(`${line}\n`);
    }
    if (values.watch === true) return watchCampaign(client, campaign.id, io, { json });
    return 0;
  });
}

export const submitCommand: CliCommand = {
  name: 'submit',
  summary: 'submit a search campaign (flags or a YAML file) and print its id',
  usage: USAGE,
  run,
};
