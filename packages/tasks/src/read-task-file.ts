/**
 * One task file's text → a task, or one sentence naming the file and the field that is wrong. Never
 * throws: a broken file is a problem to report, not a reason to stop whoever is reading the folder.
 */
import path from 'node:path';
import type { DatasetSource, Fidelity } from '@actsearch/proxy';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { taskContentHash } from './content-hash.ts';
import type { CatalogTask, CommandFidelity } from './task.ts';
import { DATASET_IDS, taskFileSchema, type TaskFile } from './task-file-schema.ts';

export type ReadResult = { readonly ok: true; readonly task: CatalogTask } | { readonly ok: false; readonly message: string };

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'the file' : `field '${issue.path.join('.')}'`;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (issue.path.length === 0 ? k : `${issue.path.join('.')}.${k}`));
    return `unknown field${keys.length > 1 ? 's' : ''} '${keys.join("', '")}'`;
  }
  if (issue.code === 'invalid_union' && issue.path.length === 0) return "field 'kind': must be 'builtin' or 'command'";
  if (issue.code === 'invalid_union' && issue.path.join('.') === 'dataset') {
    return `field 'dataset': must be one of ${DATASET_IDS.join(', ')}, or { csv: FILE, label: COLUMN }, { npy: FEATURES, labels: LABELS } or { idx: IMAGES, labels: LABELS }`;
  }
  return `${where}: ${issue.message}`;
}

/** `file` names the file in messages and anchors its relative paths. */
export function readTaskFile(text: string, file: string): ReadResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    return { ok: false, message: `${file}: not valid YAML: ${first.message.split('\n')[0]}` };
  }
  const parsed = taskFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return { ok: false, message: `${file}: ${describeIssue(issues[0]!)}${more}` };
  }
  return { ok: true, task: toTask(parsed.data, file) };
}

function toTask(data: TaskFile, file: string): CatalogTask {
  const hash = taskContentHash(data);
  const dir = path.dirname(path.resolve(file));
  if (data.kind === 'builtin') {
    const { description: _description, optimizer: _adam, dataset, ...rest } = data;
    return {
      ...rest,
      dataset: datasetSource(dataset, dir),
      file: path.resolve(file),
      hash,
    };
  }
  const { description: _description, quality, chance, command, fidelities, ...rest } = data;
  return {
    ...rest,
    ...(chance === undefined ? {} : { chance }),
    quality: quality ?? null,
    command: { ...command, cwd: path.resolve(dir, command.cwd) },
    fidelities: fidelities as Record<Fidelity, CommandFidelity>,
    file: path.resolve(file),
    hash,
  };
}

type DatasetField = Extract<TaskFile, { kind: 'builtin' }>['dataset'];

/** The file's dataset with its paths resolved against the task file's folder. */
function datasetSource(dataset: DatasetField, dir: string): DatasetSource {
  if (typeof dataset === 'string') return dataset;
  const fractions = { validationFraction: dataset.validationFraction, testFraction: dataset.testFraction };
  if ('csv' in dataset) return { kind: 'csv', path: path.resolve(dir, dataset.csv), label: dataset.label, ...fractions };
  if ('npy' in dataset)
    return { kind: 'npy', features: path.resolve(dir, dataset.npy), labels: path.resolve(dir, dataset.labels), ...fractions };
  return { kind: 'idx', features: path.resolve(dir, dataset.idx), labels: path.resolve(dir, dataset.labels), ...fractions };
}
