/**
 * Where the API's field errors belong in the campaign form: `budget.candidates` next to the budget,
 * `tasks[0]` next to the task, `strategy.config.x` next to the strategy; anything else goes above it.
 */
import type { FieldProblem } from '../api/types.ts';

export const FORM_FIELDS = ['name', 'space', 'strategy', 'task', 'fidelity', 'budget'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export function formFieldOf(path: string): FormField | null {
  const head = path.split(/[.[]/, 1)[0] ?? '';
  switch (head) {
    case 'name':
    case 'space':
    case 'strategy':
    case 'fidelity':
    case 'budget':
      return head;
    case 'tasks':
      return 'task';
    default:
      return null;
  }
}

/** Problems grouped by form field; `general` holds those no field shows. */
export function groupFieldErrors(fields: readonly FieldProblem[]): { byField: Partial<Record<FormField, string>>; general: string[] } {
  const byField: Partial<Record<FormField, string>> = {};
  const general: string[] = [];
  for (const f of fields) {
    const field = formFieldOf(f.path);
    if (field === null) general.push(`${f.path}: ${f.message}`);
    else byField[field] = byField[field] === undefined ? f.message : `${byField[field]}; ${f.message}`;
  }
  return { byField, general };
}
