import type { CliCommand } from '../command.ts';
import { benchCommand } from './bench.ts';
import { evalCommand } from './eval.ts';
import { exprCommand } from './expr.ts';
import { spaceCommand } from './space.ts';
import { workerCommand } from './worker.ts';

/** Every command group of `actsearch`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [exprCommand, spaceCommand, evalCommand, benchCommand, workerCommand];
