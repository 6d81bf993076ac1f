import type { CliCommand } from '../command.ts';
import { benchCommand } from './bench.ts';
import { campaignsCommand } from './campaigns.ts';
import { evalCommand } from './eval.ts';
import { exportCommand } from './export.ts';
import { exprCommand } from './expr.ts';
import { leaderboardCommand } from './leaderboard.ts';
import { reportCommand } from './report.ts';
import { spaceCommand } from './space.ts';
import { startCommand } from './start.ts';
import { submitCommand } from './submit.ts';
import { tasksCommand } from './tasks.ts';
import { cancelCommand, pauseCommand, resumeCommand } from './transition.ts';
import { watchCommand } from './watch.ts';
import { workerCommand } from './worker.ts';

/** Every command group of `actsearch`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  startCommand,
  submitCommand,
  watchCommand,
  campaignsCommand,
  pauseCommand,
  resumeCommand,
  cancelCommand,
  leaderboardCommand,
  exportCommand,
  reportCommand,
  exprCommand,
  spaceCommand,
  evalCommand,
  tasksCommand,
  benchCommand,
  workerCommand,
];
