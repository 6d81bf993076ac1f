import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_IDS as PROXY_DATASET_IDS, evaluateCandidate } from '@actsearch/proxy';
import { REPOSITORY_TASKS_DIR, TaskCatalog, readTaskFile, type BuiltinTask } from '@actsearch/tasks';
import { FORMER_TASKS } from './former-registry.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'task-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const repository = TaskCatalog.fromDirs([REPOSITORY_TASKS_DIR]);

const COMMAND = `id: my-model
version: 1
kind: command
title: My model
metric: accuracy
command:
  argv: [python3, train.py]
fidelities:
  screen: { steps: 10, batchSize: 8, timeoutSeconds: 60 }
  standard: { steps: 20, batchSize: 8, timeoutSeconds: 60 }
  full: { steps: 40, batchSize: 8, timeoutSeconds: 60 }
`;

const BUILTIN = `id: my-mlp
version: 1
kind: builtin
title: MNIST MLP at Adam 1e-3 constant for 400 steps
dataset: mnist
architecture: { kind: mlp, hidden: [64, 64] }
optimizer: adam
learningRate: 1e-3
schedule: constant
metric: accuracy
chance: 0.1
quality: { step: 100, floor: 0.2, split: validation, limit: 2000 }
fidelities:
  screen: { steps: 100, batchSize: 64, curveEvery: 10, test: false }
  standard: { steps: 400, batchSize: 64, curveEvery: 25, test: false }
  full: { steps: 4000, batchSize: 64, curveEvery: 100, test: true }
`;

function withLine(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture lacks ${from}`);
  return text.replace(from, to);
}

describe('the built-in task files', () => {
  it('reproduce the seven tasks the registry hard-coded, field for field, and load without problems', () => {
    expect(repository.problems).toEqual([]);
    expect(
      repository
        .list()
        .map((t) => t.id)
        .sort(),
    ).toEqual(FORMER_TASKS.map((t) => t.id).sort());
    for (const former of FORMER_TASKS) {
      const { kind, file, hash, ...definition } = repository.builtin(former.id);
      expect(kind).toBe('builtin');
      expect(path.basename(file)).toBe(`${former.id}.yaml`);
      expect(hash).toMatch(/^[0-9a-f]{16}$/);
      expect(definition).toEqual(former);
    }
  });

  it('train bit-identically to the hard-coded definition under the same seed', async () => {
    const former = FORMER_TASKS.find((t) => t.id === 'spirals-mlp')!;
    const run = (task: typeof former) => evaluateCandidate({ expr: 'x * sigmoid(beta * x)', task, fidelity: 'screen', seed: 3, steps: 60 });
    const [fromFile, hardCoded] = [await run(repository.builtin('spirals-mlp')), await run(former)];
    expect(fromFile.validationMetric).toBe(hardCoded.validationMetric);
    expect(fromFile.validationLoss).toBe(hardCoded.validationLoss);
    expect(fromFile.curve).toEqual(hardCoded.curve);
    expect(fromFile.learnedParams).toEqual(hardCoded.learnedParams);
  }, 120_000);

  it('name only datasets the proxy ships', () => {
    expect([...PROXY_DATASET_IDS].sort()).toEqual(['checkerboard', 'fashion-mnist', 'mnist', 'periodic-extrapolation', 'two-spirals']);
  });
});

describe('reading a task file', () => {
  it('accepts a builtin task defined without code, with defaults filled in', () => {
    const read = readTaskFile(BUILTIN, path.join(dir, 'my-mlp.yaml'));
    expect(read).toMatchObject({
      ok: true,
      task: {
        id: 'my-mlp',
        kind: 'builtin',
        paramMode: 'scalar',
        learningRate: 1e-3,
        schedule: 'constant',
        fidelities: { standard: { steps: 400 } },
      },
    });
  });

  it('resolves a command task: cwd against the file, defaults for export, env and grace', () => {
    const read = readTaskFile(COMMAND, path.join(dir, 'sub', 'my-model.yaml'));
    expect(read).toMatchObject({
      ok: true,
      task: {
        kind: 'command',
        quality: null,
        command: { argv: ['python3', 'train.py'], cwd: path.join(dir, 'sub'), export: 'pytorch', env: {}, graceSeconds: 10 },
      },
    });
  });

  it('hashes content, not words or layout: a new title or comment keeps the hash, a new rate changes it', () => {
    const hash = (text: string) => (readTaskFile(text, 'a.yaml') as { task: { hash: string } }).task.hash;
    const base = hash(BUILTIN);
    expect(
      hash(`# a comment\n${withLine(BUILTIN, 'title: MNIST MLP at Adam 1e-3 constant for 400 steps', 'title: "another title"')}`),
    ).toBe(base);
    expect(hash(withLine(BUILTIN, 'learningRate: 1e-3', 'learningRate: 0.001'))).toBe(base);
    expect(hash(withLine(BUILTIN, 'learningRate: 1e-3', 'learningRate: 2e-3'))).not.toBe(base);
  });

  const bad: [string, string, string, string, RegExp][] = [
    ['id', BUILTIN, 'id: my-mlp', 'id: My|MLP', /field 'id': must be 1-64 lower-case/],
    ['id missing', BUILTIN, 'id: my-mlp\n', '', /field 'id'/],
    ['version 0', BUILTIN, 'version: 1', 'version: 0', /field 'version'/],
    ['version text', BUILTIN, 'version: 1', 'version: one', /field 'version'/],
    ['kind', BUILTIN, 'kind: builtin', 'kind: script', /field 'kind'/],
    ['unknown field', BUILTIN, 'optimizer: adam', 'optimizer: adam\nlearning_rate: 1', /unknown field 'learning_rate'/],
    ['title', BUILTIN, 'title: MNIST MLP at Adam 1e-3 constant for 400 steps', 'title: ""', /field 'title'/],
    [
      'dataset',
      BUILTIN,
      'dataset: mnist',
      'dataset: imagenet',
      /field 'dataset': must be one of mnist, .*, or \{ csv: FILE, label: COLUMN \}/,
    ],
    ['dataset csv label', BUILTIN, 'dataset: mnist', 'dataset: { csv: data.csv }', /field 'dataset/],
    [
      'architecture kind',
      BUILTIN,
      'architecture: { kind: mlp, hidden: [64, 64] }',
      'architecture: { kind: transformer }',
      /field 'architecture.kind'/,
    ],
    ['architecture sizes', BUILTIN, 'hidden: [64, 64]', 'hidden: [64, -1]', /field 'architecture.hidden.1'/],
    ['optimizer', BUILTIN, 'optimizer: adam', 'optimizer: sgd', /field 'optimizer'/],
    ['learningRate', BUILTIN, 'learningRate: 1e-3', 'learningRate: -1', /field 'learningRate'/],
    ['schedule', BUILTIN, 'schedule: constant', 'schedule: step', /field 'schedule'/],
    ['metric', BUILTIN, 'metric: accuracy', 'metric: f1', /field 'metric'/],
    ['quality', BUILTIN, 'split: validation', 'split: test', /field 'quality.split'/],
    ['fidelity missing', BUILTIN, '  full: { steps: 4000, batchSize: 64, curveEvery: 100, test: true }\n', '', /field 'fidelities.full'/],
    ['fidelity steps', BUILTIN, 'screen: { steps: 100,', 'screen: { steps: 0,', /field 'fidelities.screen.steps'/],
    [
      'fidelity batch',
      BUILTIN,
      'standard: { steps: 400, batchSize: 64',
      'standard: { steps: 400, batchSize: 6.5',
      /field 'fidelities.standard.batchSize'/,
    ],
    ['argv', COMMAND, 'argv: [python3, train.py]', 'argv: []', /field 'command.argv'/],
    ['argv shell string', COMMAND, 'argv: [python3, train.py]', 'argv: python3 train.py', /field 'command.argv'/],
    ['export', COMMAND, 'argv: [python3, train.py]', 'argv: [python3, train.py]\n  export: r', /field 'command.export'/],
    ['env', COMMAND, 'argv: [python3, train.py]', 'argv: [python3, train.py]\n  env: { "A B": x }', /field 'command.env.A B'/],
    [
      'timeout',
      COMMAND,
      'screen: { steps: 10, batchSize: 8, timeoutSeconds: 60 }',
      'screen: { steps: 10, batchSize: 8 }',
      /field 'fidelities.screen.timeoutSeconds'/,
    ],
    ['command metric', COMMAND, 'metric: accuracy', 'metric: "top-1 accuracy"', /field 'metric'/],
    ['yaml', COMMAND, 'title: My model', 'title: [unclosed', /not valid YAML/],
  ];
  for (const [what, base, from, to, message] of bad) {
    it(`refuses a bad ${what} with one message naming the file and the field`, () => {
      const read = readTaskFile(withLine(base, from, to), path.join(dir, 'bad.yaml'));
      expect(read.ok).toBe(false);
      if (read.ok) return;
      expect(read.message.startsWith(`${path.join(dir, 'bad.yaml')}: `)).toBe(true);
      expect(read.message).toMatch(message);
      expect(read.message).not.toContain('\n');
    });
  }
});

describe('a folder of task files', () => {
  it('skips a broken file and a second definition of an id, reports each, and keeps the rest', () => {
    const folder = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(folder, 'a-good.yaml'), BUILTIN);
    writeFileSync(path.join(folder, 'b-broken.yaml'), withLine(BUILTIN, 'version: 1', 'version: -2'));
    writeFileSync(path.join(folder, 'c-duplicate.yml'), BUILTIN);
    writeFileSync(path.join(folder, 'notes.txt'), 'not a task');
    const catalog = TaskCatalog.fromDirs([REPOSITORY_TASKS_DIR, folder, path.join(dir, 'missing')]);
    expect(catalog.list().map((t) => t.id)).toContain('my-mlp');
    expect(catalog.list()).toHaveLength(8);
    expect(catalog.problems.map((p) => path.basename(p.file))).toEqual(['b-broken.yaml', 'c-duplicate.yml', 'missing']);
    expect(catalog.problems[1]?.message).toMatch(/task 'my-mlp' is already defined by .*a-good\.yaml/);
  });

  it('trains a builtin task on a local CSV file with a label column', async () => {
    const folder = mkdtempSync(path.join(dir, 'csv-'));
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 300; i++) {
      const a = Math.cos(i * 1.7) * 3;
      const b = Math.sin(i * 2.3) * 3;
      rows.push(`${a.toFixed(4)},${b.toFixed(4)},${a * b > 0 ? 'same' : 'opposite'}`);
    }
    writeFileSync(path.join(folder, 'quadrants.csv'), `${rows.join('\n')}\n`);
    const text = withLine(
      withLine(withLine(BUILTIN, 'dataset: mnist', 'dataset: { csv: quadrants.csv, label: label }'), 'hidden: [64, 64]', 'hidden: [16]'),
      'chance: 0.1',
      'chance: 0.5',
    );
    writeFileSync(path.join(folder, 'quadrants.yaml'), text);
    const catalog = TaskCatalog.fromDirs([folder]);
    expect(catalog.problems).toEqual([]);
    const task: BuiltinTask = catalog.builtin('my-mlp');
    expect(task.dataset).toMatchObject({ kind: 'csv', path: path.join(folder, 'quadrants.csv'), label: 'label' });
    const r = await evaluateCandidate({ expr: 'relu(x)', task, fidelity: 'screen', seed: 0, rejection: { stability: false } });
    expect(r.network).toBe('MLP 2-16-2');
    expect(r.validationMetric).toBeGreaterThan(0.7);
  }, 120_000);
});
