/**
 * The schema of a task file. Objects are strict: a misspelt field is an error, not a silently ignored
 * setting. Paths (a CSV dataset, a command's folder) stay as written here; reading resolves them
 * against the file's folder, after hashing, so a task's hash does not depend on where it is checked out.
 */
import type { DatasetId } from '@actsearch/proxy';
import { z } from 'zod';
import { COMMAND_EXPORT_LANGS } from './task.ts';

// Spelt out (type-checked against the proxy's ids) so that reading task files does not load TF.js.
export const DATASET_IDS = [
  'mnist',
  'fashion-mnist',
  'two-spirals',
  'checkerboard',
  'periodic-extrapolation',
] as const satisfies readonly DatasetId[];

const positiveInt = z.number().int().positive();
/** Version 0 is what evaluations stored before task versions carry; a file starts at 1. */
const version = z.number().int().min(1).max(2_147_483_647);
// The evaluation key joins its parts with `|`; ids are also file-name and URL friendly.
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

const common = {
  id,
  version,
  title: z.string().min(1).max(200),
  description: z.string().optional(),
};

const splitFractions = {
  validationFraction: z.number().gt(0).lt(0.5).default(0.2),
  testFraction: z.number().min(0).lt(0.5).default(0.2),
};

const csvDataset = z.strictObject({ csv: z.string().min(1), label: z.string().min(1), ...splitFractions });
/** A features array and a labels array, as `np.save` writes them. */
const npyDataset = z.strictObject({ npy: z.string().min(1), labels: z.string().min(1), ...splitFractions });
/** An images file and a labels file in the IDX format of MNIST-style data sets. */
const idxDataset = z.strictObject({ idx: z.string().min(1), labels: z.string().min(1), ...splitFractions });

const architecture = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('mlp'), hidden: z.array(positiveInt).min(1).max(16) }),
  z.strictObject({ kind: z.literal('residual-mlp'), width: positiveInt, depth: positiveInt.max(64) }),
  z.strictObject({ kind: z.literal('cnn'), channels: z.tuple([positiveInt, positiveInt]) }),
]);

const builtinFidelity = z.strictObject({
  steps: positiveInt,
  batchSize: positiveInt,
  curveEvery: positiveInt,
  test: z.boolean(),
  learningRateScale: z.number().positive().optional(),
});

const fidelities = <T extends z.ZodType>(one: T) => z.strictObject({ screen: one, standard: one, full: one });

export const builtinTaskFileSchema = z.strictObject({
  ...common,
  kind: z.literal('builtin'),
  dataset: z.union([z.enum(DATASET_IDS), csvDataset, npyDataset, idxDataset]),
  architecture,
  paramMode: z.enum(['scalar', 'per-channel']).default('scalar'),
  optimizer: z.literal('adam').default('adam'),
  learningRate: z.number().positive(),
  schedule: z.enum(['cosine', 'constant']),
  metric: z.enum(['accuracy', 'neg_mse']),
  chance: z.number(),
  quality: z.strictObject({ step: z.number().int().min(0), floor: z.number(), split: z.enum(['validation', 'train']), limit: positiveInt }),
  fidelities: fidelities(builtinFidelity),
});

const commandFidelity = z.strictObject({
  steps: positiveInt,
  batchSize: positiveInt,
  timeoutSeconds: z.number().positive(),
  learningRateScale: z.number().positive().optional(),
});

export const commandTaskFileSchema = z.strictObject({
  ...common,
  kind: z.literal('command'),
  metric: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier such as accuracy'),
  chance: z.number().optional(),
  quality: z.strictObject({ step: z.number().int().min(0), floor: z.number() }).optional(),
  command: z.strictObject({
    argv: z.array(z.string().min(1)).min(1),
    cwd: z.string().min(1).default('.'),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'), z.string()).default({}),
    export: z.enum(COMMAND_EXPORT_LANGS).default('pytorch'),
    graceSeconds: z.number().min(0).max(600).default(10),
  }),
  fidelities: fidelities(commandFidelity),
});

export const taskFileSchema = z.discriminatedUnion('kind', [builtinTaskFileSchema, commandTaskFileSchema]);
export type TaskFile = z.output<typeof taskFileSchema>;
