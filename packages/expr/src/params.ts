/**
 * Trainable parameters are written as identifiers of a fixed pattern: `alpha`, `beta`, `gamma`, `kappa`,
 * `lambda`, each optionally followed by a number (`beta2`, `beta3`, …). Every parameter starts at 1
 * unless the text declares another initial value in a trailing clause: `x * sigmoid(beta * x); beta = 1.5`.
 */
export const PARAM_NAME_PATTERN = /^(?:alpha|beta|gamma|kappa|lambda)(?:[1-9][0-9]*)?$/;

export const DEFAULT_PARAM_INIT = 1;

export function isParamName(name: string): boolean {
  return PARAM_NAME_PATTERN.test(name);
}
