/**
 * `actsearch space list|stats|sample|classes`: look at the declarative search spaces of
 * search-spaces/ — their sizes, how many distinct functions they hold, random members, and the
 * equivalence classes that dedupe by fingerprint produces.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalize, print, printLayer, Rng, type Expr } from '@actsearch/expr';
import {
  classes,
  contentHash,
  count,
  countShape,
  decode,
  enumerate,
  genomeLabel,
  sample,
  spaceStats,
  type Genome,
  type SearchSpace,
  type Shape,
} from '@actsearch/spaces';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { loadSpaceCatalog } from '../load-spaces.ts';
import { findShape, intOptionOr } from '../options.ts';

const USAGE = `usage: actsearch space <subcommand> [options]

subcommands:
  list                      every space: id, title, members
  stats <id>                members and unique functions (dedupe by fingerprint), per shape
  sample <id>               random members as text       [--n 5] [--seed 0]
  classes <id>              each equivalence class with its members (operator form, then text)
                            [--limit 20 (0 = all)] [--shape <label or 0-based index>]

options:
  --json                    machine-readable output
  --spaces-dir <dir>        where the space files are (default: the repository's search-spaces/)
  --max-members <n>         dedupe (stats, classes) only shapes of at most n members (default 200000)
`;

const common = {
  json: { type: 'boolean', default: false },
  'spaces-dir': { type: 'string' },
} as const;

const optionSets = {
  list: common,
  stats: { ...common, 'max-members': { type: 'string' } },
  sample: { ...common, n: { type: 'string' }, seed: { type: 'string' } },
  classes: { ...common, limit: { type: 'string' }, shape: { type: 'string' }, 'max-members': { type: 'string' } },
} as const;

type Sub = keyof typeof optionSets;

function isSub(s: string | undefined): s is Sub {
  return s !== undefined && Object.hasOwn(optionSets, s);
}

/** Counts go to JSON as numbers while exact, as strings beyond 2^53. */
function jsonCount(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function fmt(n: bigint | number): string {
  return n.toLocaleString('en-US');
}

function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (right[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A member's text: layers print with their own parameter defaults (β starts at 0), docs/layers.md. */
function textOf(space: SearchSpace, e: Expr): string {
  return space.kind === 'layer' ? printLayer(e) : print(e);
}

function memberText(space: SearchSpace, genome: Genome): string {
  return textOf(space, decode(space, genome));
}

function writeJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

function list(io: CliIo, spaces: readonly SearchSpace[], json: boolean): void {
  if (json) {
    writeJson(
      io,
      spaces.map((s) => ({
        id: s.id,
        version: s.version,
        title: s.title,
        ...(s.source === undefined ? {} : { source: s.source }),
        file: s.sourceName,
        contentHash: contentHash(s),
        members: jsonCount(count(s)),
        shapes: s.shapes.map((sh) => ({ label: sh.label, members: jsonCount(countShape(sh)) })),
      })),
    );
    return;
  }
  const rows = [['id', 'members', 'shapes', 'title'], ...spaces.map((s) => [s.id, fmt(count(s)), String(s.shapes.length), s.title])];
  io.out(`${table(rows, [false, true, true, false])}\n`);
}

function stats(io: CliIo, space: SearchSpace, json: boolean, maxMembers: number): void {
  const st = spaceStats(space, { maxMembers });
  if (json) {
    writeJson(io, {
      id: space.id,
      version: space.version,
      title: space.title,
      contentHash: contentHash(space),
      members: jsonCount(st.members),
      unique: st.unique ?? null,
      shapes: st.shapes.map((s) => ({ label: s.label, members: jsonCount(s.members), unique: s.unique ?? null })),
    });
    return;
  }
  const rows = [
    ['shape', 'members', 'unique functions'],
    ...st.shapes.map((s) => [s.label, fmt(s.members), s.unique === undefined ? '—' : fmt(s.unique)]),
  ];
  if (st.shapes.length > 1) rows.push(['all shapes', fmt(st.members), st.unique === undefined ? '—' : fmt(st.unique)]);
  const lines = [
    `${space.id}: ${space.title}`,
    `version ${space.version} · ${space.sourceName} · content hash ${contentHash(space).slice(0, 16)}`,
    '',
    table(rows, [false, true, true]),
  ];
  if (st.unique === undefined) lines.push('', `— not deduped: more than ${fmt(maxMembers)} members (raise --max-members)`);
  lines.push('', 'unique functions: members grouped by fingerprint (float32 outputs on 1,000 probe points)');
  io.out(`${lines.join('\n')}\n`);
}

function sampleMembers(io: CliIo, space: SearchSpace, json: boolean, n: number, seed: number): void {
  const rng = new Rng(seed);
  const members = Array.from({ length: n }, () => sample(space, rng));
  if (json) {
    writeJson(
      io,
      members.map((g) => ({
        genome: g,
        shape: space.shapes[g[0] as number]?.label,
        label: genomeLabel(space, g),
        text: memberText(space, g),
      })),
    );
    return;
  }
  io.out(members.map((g) => `${memberText(space, g)}\n`).join(''));
}

function listClasses(io: CliIo, space: SearchSpace, json: boolean, limit: number, maxMembers: number, shape: Shape | undefined): void {
  const total = shape ? countShape(shape) : count(space);
  if (total > BigInt(maxMembers)) {
    throw new UsageError(
      `space '${space.id}' has ${fmt(total)} members, more than --max-members ${fmt(maxMembers)}; classes enumerates them all`,
    );
  }
  const found = classes(space, enumerate(space, shape ? { shape: shape.index } : {}));
  const shown = limit === 0 ? found : found.slice(0, limit);
  // A class is named by the canonical text of its simplest member (docs/architecture.md, "Identities").
  const displayName = (g: Genome) => textOf(space, canonicalize(decode(space, g)));
  if (json) {
    writeJson(io, {
      id: space.id,
      ...(shape ? { shape: shape.label } : {}),
      members: jsonCount(total),
      classes: found.length,
      shown: shown.map((c) => ({
        fingerprint: c.fingerprint,
        representative: { genome: c.representative, text: displayName(c.representative) },
        members: c.members.map((g) => ({ genome: g, label: genomeLabel(space, g), text: memberText(space, g) })),
      })),
    });
    return;
  }
  const scope = shape ? ` of shape ${shape.label}` : '';
  const lines = [`${space.id}: ${fmt(found.length)} functions among ${fmt(total)} members${scope}`];
  shown.forEach((c, i) => {
    const n = c.members.length;
    lines.push(
      '',
      `#${i + 1}  ${displayName(c.representative)}  (${fmt(n)} member${n === 1 ? '' : 's'}, fingerprint ${c.fingerprint.slice(0, 12)})`,
    );
    const rows = c.members.map((g) => [`    ${genomeLabel(space, g)}`, memberText(space, g)]);
    lines.push(table(rows, [false, false]));
  });
  if (shown.length < found.length) lines.push('', `… ${fmt(found.length - shown.length)} more classes (--limit 0 shows all)`);
  io.out(`${lines.join('\n')}\n`);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (!isSub(sub)) {
    throw new UsageError(
      sub === undefined
        ? 'space needs a subcommand: list, stats, sample or classes'
        : `unknown subcommand 'space ${sub}' (expected list, stats, sample or classes)`,
    );
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: optionSets[sub], allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    const option = /'(--?[A-Za-z0-9-]+)/.exec(message)?.[1] ?? '?';
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`option '${option}' needs a value`);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`unknown option '${option}' for 'space ${sub}' (see actsearch space --help)`);
    throw new UsageError(`bad arguments for 'space ${sub}': ${message}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const json = values.json === true;
  const dir = typeof values['spaces-dir'] === 'string' ? path.resolve(io.cwd, values['spaces-dir']) : undefined;
  const maxMembers = intOptionOr(values['max-members'] as string | undefined, 'max-members', 200_000, 1, 100_000_000);
  const catalog = await loadSpaceCatalog(dir);
  if (sub === 'list') {
    if (parsed.positionals.length > 0) throw new UsageError(`space list takes no id, got '${parsed.positionals[0]}'`);
    list(io, catalog.list(), json);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`space ${sub} needs exactly one space id (known: ${catalog.ids().join(', ')})`);
  }
  const space = catalog.get(parsed.positionals[0] as string);
  if (sub === 'stats') stats(io, space, json, maxMembers);
  else if (sub === 'sample') {
    const n = intOptionOr(values.n as string | undefined, 'n', 5, 1, 100_000);
    const seed = intOptionOr(values.seed as string | undefined, 'seed', 0, 0, 2 ** 32 - 1);
    sampleMembers(io, space, json, n, seed);
  } else {
    const limit = intOptionOr(values.limit as string | undefined, 'limit', 20, 0, 10_000_000);
    const shape = typeof values.shape === 'string' ? findShape(space, values.shape) : undefined;
    listClasses(io, space, json, limit, maxMembers, shape);
  }
  return 0;
}

export const spaceCommand: CliCommand = {
  name: 'space',
  summary: 'search spaces: list, stats (members, unique functions), sample, classes',
  usage: USAGE,
  run,
};
