/**
 * What every command does with its arguments, once: parseArgs with one way of saying what was wrong,
 * integer options with their range, and a space's shape named by label or index.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SearchSpace, Shape } from '@actsearch/spaces';
import { UsageError } from './cli-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs, strict; a bad argument is a UsageError (exit 2) naming it, with where to read the
 * command's options: `unknown option '--x' (see 'actsearch submit --help')`.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (err) {
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    throw new UsageError(`${message} (see 'actsearch ${command} --help')`);
  }
}

/** An integer option in [min, max]; undefined when not given. */
export function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${String(value)}'`);
  }
  return n;
}

/** intOption with a default. */
export function intOptionOr(value: unknown, name: string, fallback: number, min: number, max: number): number {
  return intOption(value, name, min, max) ?? fallback;
}

/** A shape of the space by its label (`unary(binary(x,x))`, spaces ignored) or its index. */
export function findShape(space: SearchSpace, wanted: string): Shape {
  const byLabel = space.shapes.find((sh) => sh.label === wanted.replace(/\s+/g, ''));
  const byIndex = /^\d+$/.test(wanted) ? space.shapes[Number(wanted)] : undefined;
  const shape = byLabel ?? byIndex;
  if (!shape) {
    throw new UsageError(
      `space '${space.id}' has no shape '${wanted}' (shapes: ${space.shapes.map((sh, i) => `${i} = ${sh.label}`).join(', ')})`,
    );
  }
  return shape;
}
