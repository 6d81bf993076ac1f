import type { CliCommand } from '../command.ts';

/** Every command group of `actsearch`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [];
