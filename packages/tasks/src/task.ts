/**
 * What a task file declares, once validated. Both kinds carry what the engine and the API need (id,
 * version, metric, steps per fidelity); `file` and `hash` say where it came from and what its content
 * was, for the version rule (docs/tasks.md).
 */
import type { Fidelity, TaskDefinition } from '@actsearch/proxy';

export const COMMAND_EXPORT_LANGS = ['pytorch', 'numpy', 'jax', 'keras', 'tfjs'] as const;
export type CommandExportLang = (typeof COMMAND_EXPORT_LANGS)[number];

interface Provenance {
  /** The task file's absolute path. */
  readonly file: string;
  /** Hash of the file's validated content (the title excluded): what a version stands for. */
  readonly hash: string;
}

/** A TF.js proxy task: the proxy's own definition, which its trainer takes as is. */
export interface BuiltinTask extends TaskDefinition, Provenance {
  readonly kind: 'builtin';
}

export interface CommandFidelity {
  /** The training budget handed to the command (its meaning, steps or epochs, is the script's). */
  readonly steps: number;
  readonly batchSize: number;
  /** Past it the trial is stopped and the evaluation fails. */
  readonly timeoutSeconds: number;
  readonly learningRateScale?: number;
}

export interface CommandSpec {
  /** The program and its arguments, run without a shell. */
  readonly argv: readonly string[];
  /** Absolute working folder (a task file's relative path is resolved against the file's folder). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The language the candidate is exported to in the trial folder. */
  readonly export: CommandExportLang;
  /** Between SIGTERM and SIGKILL when a trial is stopped. */
  readonly graceSeconds: number;
}

/** A user's training command, run once per evaluation (docs/trials.md). */
export interface CommandTask extends Provenance {
  readonly kind: 'command';
  readonly id: string;
  readonly version: number;
  readonly title: string;
  /** The name of the metric the command reports; higher is better. */
  readonly metric: string;
  readonly chance?: number;
  /** Rejects a trial whose report at `step` or later is below `floor`, as the proxy's quality test does. */
  readonly quality: { readonly step: number; readonly floor: number } | null;
  readonly command: CommandSpec;
  readonly fidelities: Readonly<Record<Fidelity, CommandFidelity>>;
}

export type CatalogTask = BuiltinTask | CommandTask;

/** A task file that could not be used, and why (one sentence naming the file and the field). */
export interface TaskFileProblem {
  readonly file: string;
  readonly message: string;
}
