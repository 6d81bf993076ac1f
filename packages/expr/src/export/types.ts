/** The languages an activation can be exported to. */
export type ExportLang = 'pytorch' | 'keras' | 'jax' | 'tfjs' | 'numpy' | 'latex' | 'typescript';

export const EXPORT_LANGS: readonly ExportLang[] = ['pytorch', 'keras', 'jax', 'tfjs', 'numpy', 'latex', 'typescript'];

/** Other names people type for a language (`torch`, `tf`, …); the API and the CLI accept them alike. */
export const EXPORT_LANG_ALIASES: Readonly<Record<string, ExportLang>> = {
  torch: 'pytorch',
  tf: 'keras',
  tensorflow: 'keras',
  ts: 'typescript',
  tex: 'latex',
};

/** One trainable parameter per channel instead of one scalar (PyTorch, Keras, JAX/Flax, TF.js). */
export interface PerChannelOptions {
  /** Number of channels, i.e. the size of the channel axis. */
  readonly channels: number;
  /** The channel axis of the input (PyTorch convolutions: 1; Keras/TF.js/Flax: -1). Negative counts from the end. */
  readonly dim: number;
}

export interface ExportOptions {
  /**
   * Base name of the generated function and class, an identifier such as `swish_beta` (function
   * `swish_beta`, class `SwishBeta`). Default: function `activation`, class `ActsearchActivation`.
   */
  readonly name?: string;
  readonly perChannel?: PerChannelOptions;
  /** Where the activation came from (campaign, rank, …); one line in the header comment. */
  readonly source?: string;
  /** TF.js only: the module to import `tf` from. Default `@tensorflow/tfjs`. */
  readonly tfImport?: string;
  /** TF.js only: emit the custom Layer class (needs tfjs-layers). Default true; false gives a core-only file. */
  readonly layer?: boolean;
}

export interface ExportResult {
  readonly filename: string;
  readonly code: string;
  readonly mimeType: string;
}
