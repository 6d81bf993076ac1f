/**
 * A trial's folder: the candidate exported in the task's language and `trial.json`, which says what
 * to train and with which budget. Written fresh for every evaluation.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportActivation, fingerprint, paramsOf, parse, print, type Expr } from '@actsearch/expr';
import { TRIAL_PROTOCOL } from './protocol.ts';

export type TrialLanguage = 'pytorch' | 'numpy' | 'jax' | 'keras' | 'tfjs';

export interface TrialBudget {
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRateScale: number;
  readonly timeoutSeconds: number;
}

export interface TrialSpec {
  readonly task: { readonly id: string; readonly version: number };
  /** The activation as text (parsed here) or as a tree. */
  readonly expression: string | Expr;
  readonly seed: number;
  readonly fidelity: string;
  readonly budget: TrialBudget;
  readonly language: TrialLanguage;
  /** The evaluation key, when the engine runs it. */
  readonly key?: string;
}

export interface TrialFolder {
  readonly dir: string;
  readonly trialJson: string;
  readonly module: string;
  readonly manifest: TrialManifest;
}

export interface TrialManifest {
  readonly protocol: number;
  readonly task: { readonly id: string; readonly version: number };
  readonly key: string | null;
  readonly expression: string;
  readonly canonical: string;
  readonly fingerprint: string;
  readonly parameters: readonly { readonly name: string; readonly initial: number }[];
  readonly seed: number;
  readonly fidelity: string;
  readonly budget: TrialBudget;
  readonly export: { readonly language: TrialLanguage; readonly module: string; readonly function: string; readonly class: string | null };
}

const MODULE_FILE: Readonly<Record<TrialLanguage, string>> = {
  pytorch: 'activation.py',
  numpy: 'activation.py',
  jax: 'activation.py',
  keras: 'activation.py',
  tfjs: 'activation.mjs',
};

/** Creates `<parent>/trial-XXXXXX/` with the module and `trial.json`. */
export async function writeTrialFolder(parent: string, spec: TrialSpec): Promise<TrialFolder> {
  const expr = typeof spec.expression === 'string' ? parse(spec.expression) : spec.expression;
  const dir = await mkdtemp(path.join(parent, 'trial-'));
  const exported = exportActivation(expr, spec.language, {
    source: `trial of task ${spec.task.id} v${spec.task.version}, ${spec.fidelity}, seed ${spec.seed}`,
  });
  const moduleFile = MODULE_FILE[spec.language];
  await writeFile(path.join(dir, moduleFile), exported.code);
  const manifest: TrialManifest = {
    protocol: TRIAL_PROTOCOL,
    task: spec.task,
    key: spec.key ?? null,
    expression: typeof spec.expression === 'string' ? spec.expression : print(expr),
    canonical: print(expr),
    fingerprint: fingerprint(expr),
    parameters: paramsOf(expr).map((p) => ({ name: p.name, initial: p.init })),
    seed: spec.seed,
    fidelity: spec.fidelity,
    budget: spec.budget,
    export: {
      language: spec.language,
      module: moduleFile,
      function: 'activation',
      class: spec.language === 'numpy' ? null : 'ActsearchActivation',
    },
  };
  const trialJson = path.join(dir, 'trial.json');
  await writeFile(trialJson, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, trialJson, module: path.join(dir, moduleFile), manifest };
}
