/**
 * Submits a campaign. The browser does not second-guess the input (noValidate): the API validates,
 * and each of its field errors is shown next to the field it names.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.ts';
import type { Campaign, Fidelity, SpaceSummary, TaskInfo } from '../api/types.ts';
import { FIDELITIES } from '../api/types.ts';
import { groupFieldErrors, type FormField } from '../lib/form-fields.ts';
import { formatCount } from '../lib/format.ts';
import { STRATEGIES } from '../lib/strategies.ts';

interface Draft {
  name: string;
  space: string;
  strategy: string;
  task: string;
  fidelity: string;
  budget: string;
  /** A fidelity for the finale, or `off`. */
  finale: string;
}

function FieldError({ field, errors }: { readonly field: FormField; readonly errors: Partial<Record<FormField, string>> }) {
  const message = errors[field];
  if (message === undefined) return null;
  return (
    <p class="field-error" id={`campaign-${field}-error`} data-testid={`error-${field}`} role="alert">
      {message}
    </p>
  );
}

export function CampaignForm(props: {
  readonly spaces: readonly SpaceSummary[];
  readonly tasks: readonly TaskInfo[];
  readonly onSubmitted: (campaign: Campaign) => void;
}) {
  const defaultTask = props.tasks.find((t) => t.default) ?? props.tasks[0];
  const [draft, setDraft] = useState<Draft>({
    name: '',
    space: props.spaces.find((s) => s.id === 'tiny')?.id ?? props.spaces[0]?.id ?? '',
    strategy: 'random',
    task: defaultTask?.id ?? '',
    fidelity: 'screen',
    budget: '20',
    finale: 'full',
  });
  const [errors, setErrors] = useState<{ byField: Partial<Record<FormField, string>>; general: string[] }>({ byField: {}, general: [] });
  const [busy, setBusy] = useState(false);

  // Lists arrive after the first render: fill empty choices once they do.
  useEffect(() => {
    setDraft((d) => ({
      ...d,
      space: d.space === '' ? (props.spaces.find((s) => s.id === 'tiny')?.id ?? props.spaces[0]?.id ?? '') : d.space,
      task: d.task === '' ? (defaultTask?.id ?? '') : d.task,
    }));
  }, [props.spaces, props.tasks]);

  const fidelities = useMemo(() => {
    const task = props.tasks.find((t) => t.id === draft.task);
    const names = task === undefined ? [] : Object.keys(task.fidelities);
    return names.length > 0 ? names : [...FIDELITIES];
  }, [props.tasks, draft.task]);

  const set = (key: keyof Draft) => (event: Event) =>
    setDraft({ ...draft, [key]: (event.target as HTMLInputElement | HTMLSelectElement).value });
  const described = (field: FormField) =>
    errors.byField[field] === undefined ? {} : { 'aria-invalid': true as const, 'aria-describedby': `campaign-${field}-error` };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ byField: {}, general: [] });
    const budget = draft.budget.trim() === '' ? undefined : Number(draft.budget);
    const name = draft.name.trim() === '' ? `${draft.strategy} on ${draft.space}` : draft.name;
    try {
      const campaign = await api.submit({
        name,
        space: draft.space,
        strategy: draft.strategy,
        tasks: [draft.task],
        // The selects offer fidelity names only; the server validates them anyway (its field error shows below).
        fidelity: draft.fidelity as Fidelity,
        budget: { candidates: budget as number },
        finale: draft.finale === 'off' ? { enabled: false } : { fidelity: draft.finale as Fidelity },
      });
      props.onSubmitted(campaign);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setErrors(groupFieldErrors(err.fields));
      else if (err instanceof ApiError && err.status === 401)
        setErrors({ byField: {}, general: [`${err.message} — enter the API token at the top right.`] });
      else setErrors({ byField: {}, general: [err instanceof Error ? err.message : String(err)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="campaign-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby="new-campaign-title"
      data-testid="campaign-form"
    >
      <h2 id="new-campaign-title">New campaign</h2>
      {errors.general.length > 0 && (
        <div class="notice notice-error" role="alert" data-testid="form-errors">
          {errors.general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <div class="form-grid">
        <div class="field">
          <label for="campaign-name">Name</label>
          <input
            id="campaign-name"
            name="name"
            value={draft.name}
            placeholder={`${draft.strategy} on ${draft.space}`}
            onInput={set('name')}
            {...described('name')}
          />
          <FieldError field="name" errors={errors.byField} />
        </div>
        <div class="field">
          <label for="campaign-space">Search space</label>
          <select id="campaign-space" name="space" value={draft.space} onChange={set('space')} {...described('space')}>
            {props.spaces.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} ({formatCount(s.members)} functions)
              </option>
            ))}
          </select>
          <FieldError field="space" errors={errors.byField} />
        </div>
        <div class="field">
          <label for="campaign-strategy">Strategy</label>
          <select id="campaign-strategy" name="strategy" value={draft.strategy} onChange={set('strategy')} {...described('strategy')}>
            {STRATEGIES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <FieldError field="strategy" errors={errors.byField} />
        </div>
        <div class="field">
          <label for="campaign-task">Task</label>
          <select id="campaign-task" name="task" value={draft.task} onChange={set('task')} {...described('task')}>
            {props.tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id} — {t.title}
              </option>
            ))}
          </select>
          <FieldError field="task" errors={errors.byField} />
        </div>
        <div class="field">
          <label for="campaign-fidelity">Fidelity</label>
          <select id="campaign-fidelity" name="fidelity" value={draft.fidelity} onChange={set('fidelity')} {...described('fidelity')}>
            {fidelities.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
          <FieldError field="fidelity" errors={errors.byField} />
        </div>
        <div class="field">
          <label for="campaign-budget">Budget (candidates)</label>
          <input
            id="campaign-budget"
            name="budget"
            type="number"
            inputMode="numeric"
            value={draft.budget}
            onInput={set('budget')}
            {...described('budget')}
          />
          <FieldError field="budget" errors={errors.byField} />
        </div>
        <div class="field">
          <label for="campaign-finale">Finale</label>
          <select id="campaign-finale" name="finale" value={draft.finale} onChange={set('finale')}>
            {[...fidelities, 'off'].map((f) => (
              <option key={f} value={f}>
                {f === 'off' ? 'off (end at the budget)' : `${f}: re-test the best over seeds and a transfer task`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Submitting…' : 'Submit campaign'}
      </button>
    </form>
  );
}
