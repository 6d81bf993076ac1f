/**
 * @actsearch/trials — runs a user's training command as one trial per evaluation (trial protocol 1,
 * docs/trials.md): the candidate exported into a fresh folder, the command in its own process group,
 * JSON-line reports on stdout, every way of ending turned into one outcome. An adapter: it spawns.
 *
 *   const outcome = await runTrial({ command: { argv: ['python3', 'train.py'], cwd, graceSeconds: 10 }, spec });
 */
export { TRIAL_PROTOCOL, parseTrialLine, type TrialLine } from './protocol.ts';
export {
  writeTrialFolder,
  type TrialBudget,
  type TrialFolder,
  type TrialLanguage,
  type TrialManifest,
  type TrialSpec,
} from './trial-folder.ts';
export { PYTHON_HELPER_DIR, runTrial, type CurvePoint, type RunTrialOptions, type TrialCommand, type TrialOutcome } from './run-trial.ts';
