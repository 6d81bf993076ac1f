/** The activation every score is compared with: ReLU, identified like any other by its fingerprint. */
import { fingerprint, parse } from '@actsearch/expr';

export const BASELINE_TEXT = 'relu(x)';
export const BASELINE_FINGERPRINT = fingerprint(parse(BASELINE_TEXT));
