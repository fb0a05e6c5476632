import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { EMOTIONS, ENERGY_LABELS, MOOD_LABELS, WELLNESS_LIMITS } from '@haven/shared/wellness';
import type { CrisisResources } from '@haven/shared/safety';
import CrisisPanel from '../safety/CrisisPanel';

export interface CheckInValues {
  mood: number | null;
  energy: number | null;
  sleepHours: number | null;
  emotions: string[];
  activities: string[];
  reflection: string;
}

interface Props {
  /** The page that handles the form (as a plain post, or as JSON for this island). */
  action: string;
  date: string;
  dateLabel: string;
  isToday: boolean;
  values: CheckInValues;
  suggested: string[];
  own: string[];
  errors?: Record<string, string>;
  message?: string | null;
  saved?: boolean;
  /** The crisis lines the last save answered with (crisis language in the reflection), and the therapists told. */
  crisis?: CrisisResources | null;
  therapistsTold?: string[];
}

/**
 * The sentence that tells the person their therapists were told, or null when nobody was: then the panel
 * says nothing about therapists (no promise that someone will call).
 */
export function therapistsToldNote(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const list = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' }).format(names);
  return names.length === 1 ? `Your therapist ${list} has been told, so they can check in with you.` : `Your therapists ${list} have been told, so they can check in with you.`;
}

/** The page's JSON answer to a save (pages/wellness/index.astro): the entry, or the problem. */
interface SaveAnswer {
  data?: unknown;
  meta?: { crisis?: CrisisResources | null; therapistsTold?: string[] };
  error?: { message?: string; fieldErrors?: Record<string, string> };
}

/** What the panel answers a reflection with: calm, no judgement; the check-in itself is saved as usual. */
const CRISIS_HEADING = 'You do not have to go through this alone';
const CRISIS_INTRO = 'Thank you for writing this down. What you wrote sounds very hard. If you might act on thoughts of ending your life or hurting yourself, please reach out now: these lines are there for you, day or night.';

const FIELD_LABELS: Record<string, string> = {
  date: 'Date',
  mood: 'Mood',
  energy: 'Energy',
  sleepHours: 'Hours of sleep',
  emotions: 'Emotions',
  activities: 'Activities',
  newActivity: 'New activity',
  reflection: 'Reflection',
};
/** "Hours of sleep: must be from 0 to 24 hours" for the summary (the field itself shows the bare message). */
const summaryText = (field: string, text: string) => (FIELD_LABELS[field] && !/^[A-Z]/.test(text) ? `${FIELD_LABELS[field]}: ${text}` : text);

const MOOD_FACES: Record<number, string> = { 1: '😞', 2: '🙁', 3: '😐', 4: '🙂', 5: '😄' };
const moods = [1, 2, 3, 4, 5] as const;

/**
 * The daily check-in. Server-rendered as a plain form (it works without JavaScript); once hydrated
 * it saves in place and adds activities without a round trip. Keyboard: Tab moves between groups,
 * arrow keys choose within a group, the keys 1–5 pick a mood from anywhere outside a text field,
 * and Ctrl+Enter (⌘+Enter) saves.
 */
export default function CheckIn({ action, date, dateLabel, isToday, values, suggested, own, errors: initialErrors = {}, message: initialMessage = null, saved = false, crisis: initialCrisis = null, therapistsTold: initialTold = [] }: Props) {
  const [mood, setMood] = useState<number | null>(values.mood);
  const [activities, setActivities] = useState<string[]>([...new Set([...suggested, ...own, ...values.activities])]);
  const [chosen, setChosen] = useState<Set<string>>(new Set(values.activities));
  const [newActivity, setNewActivity] = useState('');
  const [reflectionLength, setReflectionLength] = useState(values.reflection.length);
  const [errors, setErrors] = useState<Record<string, string>>(initialErrors);
  const [message, setMessage] = useState<string | null>(initialMessage);
  const [status, setStatus] = useState<string | null>(saved ? `Saved. Your check-in for ${dateLabel} is kept.` : null);
  const [busy, setBusy] = useState(false);
  // Each save that answered with crisis lines mounts the panel anew (the key), so it takes focus every time.
  const [crisis, setCrisis] = useState<{ resources: CrisisResources; told: string[]; key: number } | null>(initialCrisis ? { resources: initialCrisis, told: initialTold, key: 0 } : null);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);

  function addActivity() {
    const value = newActivity.normalize('NFC').trim().split(/\s+/).filter(Boolean).join(' ').toLowerCase();
    if (!value) return;
    if (value.length > WELLNESS_LIMITS.activityMaxLength) {
      setErrors({ ...errors, newActivity: `An activity is at most ${WELLNESS_LIMITS.activityMaxLength} characters.` });
      return;
    }
    setActivities((list) => (list.includes(value) ? list : [...list, value]));
    setChosen((set) => new Set(set).add(value));
    setNewActivity('');
    const { newActivity: _gone, ...rest } = errors;
    setErrors(rest);
    setStatus(`Added “${value}”.`);
  }

  function toggleActivity(activity: string, on: boolean) {
    setChosen((set) => {
      const next = new Set(set);
      if (on) next.add(activity);
      else next.delete(activity);
      return next;
    });
  }

  // The keys 1–5 pick a mood from anywhere on the page, except while typing in a text field.
  useEffect(() => {
    function pickMood(event: globalThis.KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target?.isContentEditable || target?.tagName === 'TEXTAREA' || target?.tagName === 'SELECT' || (target?.tagName === 'INPUT' && !['radio', 'checkbox', 'button', 'submit'].includes((target as HTMLInputElement).type));
      if (typing || event.ctrlKey || event.metaKey || event.altKey || !/^[1-5]$/.test(event.key)) return;
      event.preventDefault();
      const value = Number(event.key);
      setMood(value);
      document.getElementById(`mood-${value}`)?.focus();
    }
    document.addEventListener('keydown', pickMood);
    return () => document.removeEventListener('keydown', pickMood);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target as HTMLElement;
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      formRef.current?.requestSubmit();
      return;
    }
    if (target.id === 'f-newActivity' && event.key === 'Enter') {
      event.preventDefault();
      addActivity();
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (mood === null) {
      setErrors({ mood: 'Choose how you feel, from 1 (very low) to 5 (very good).' });
      setMessage(null);
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setBusy(true);
    setStatus('Saving…');
    try {
      const response = await fetch(action, { method: 'POST', body: new FormData(event.currentTarget), headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const json = (await response.json().catch(() => null)) as SaveAnswer | null;
      if (response.ok && json?.data) {
        setErrors({});
        setMessage(null);
        setStatus(`Saved. Your check-in for ${dateLabel} is kept.`);
        const lines = json.meta?.crisis ?? null;
        const told = json.meta?.therapistsTold ?? [];
        setCrisis((previous) => (lines ? { resources: lines, told, key: (previous?.key ?? 0) + 1 } : null));
        // The crisis panel takes focus itself when it appears; otherwise the status line says it was saved.
        if (!lines) setTimeout(() => statusRef.current?.focus(), 0);
      } else {
        setErrors(json?.error?.fieldErrors ?? {});
        setMessage(json?.error?.message ?? 'That did not work. Please try again in a moment.');
        setStatus(null);
        setTimeout(() => summaryRef.current?.focus(), 0);
      }
    } catch {
      setMessage('We could not reach Haven just now. Your check-in is not saved yet; please try again in a moment.');
      setStatus(null);
      setTimeout(() => summaryRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const errorEntries = Object.entries(errors);
  const describedBy = (field: string, hint?: string) => [hint, errors[field] ? `${field}-error` : null].filter(Boolean).join(' ') || undefined;

  const toldNote = crisis ? therapistsToldNote(crisis.told) : null;
  return (
    <>
      {crisis && (
        <CrisisPanel key={crisis.key} resources={crisis.resources} heading={CRISIS_HEADING} intro={CRISIS_INTRO} notes={toldNote ? [toldNote] : []} announce headingLevel={2} idPrefix="checkin-crisis" />
      )}
      <form ref={formRef} method="post" action={action} className="checkin" onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-describedby="checkin-keys">
        <input type="hidden" name="date" value={date} />
        <p id="checkin-keys" className="hint">
          {/* The key hint is for keyboards: wellness.css hides it on touch screens and narrow windows. */}
          <span className="keys-hint">Keys: 1–5 choose your mood, arrow keys move within a group, Ctrl+Enter (⌘+Enter) saves. </span>
          Only mood is needed.
        </p>
        {(message || errorEntries.length > 0) && (
          <div className="error-summary" role="alert" aria-labelledby="checkin-problem" tabIndex={-1} ref={summaryRef}>
            <h2 id="checkin-problem">There is a problem</h2>
            {errorEntries.length === 0 && message && <p>{message}</p>}
            {errorEntries.length > 0 && (
              <ul>
                {errorEntries.map(([field, text]) => (
                  <li key={field}>
                    <a href={`#${field === 'mood' ? 'mood-1' : field === 'energy' ? 'energy-1' : field === 'emotions' ? 'emotion-joyful' : field === 'activities' ? 'f-newActivity' : `f-${field}`}`}>{summaryText(field, text)}</a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}

        <ScaleFieldset
          name="mood"
          legend={<>How are you feeling {isToday ? 'today' : `on ${dateLabel}`}?</>}
          labels={MOOD_LABELS}
          faces={MOOD_FACES}
          error={errors.mood}
          describedBy={describedBy('mood')}
          required
          value={mood}
          onChange={setMood}
        />

        <ScaleFieldset
          name="energy"
          legend={
            <>
              Energy <span className="optional">(optional)</span>
            </>
          }
          labels={ENERGY_LABELS}
          error={errors.energy}
          describedBy={describedBy('energy')}
          defaultValue={values.energy}
        />

        <div className="field">
          <label htmlFor="f-sleepHours">
            Hours of sleep last night <span className="optional">(optional)</span>
          </label>
          {errors.sleepHours && (
            <span className="field-error" id="sleepHours-error">
              {errors.sleepHours}
            </span>
          )}
          <input
            id="f-sleepHours"
            name="sleepHours"
            type="number"
            inputMode="decimal"
            min={0}
            max={24}
            step={0.25}
            defaultValue={values.sleepHours ?? ''}
            aria-describedby={describedBy('sleepHours')}
            aria-invalid={errors.sleepHours ? true : undefined}
            className="short"
          />
        </div>

        <fieldset className="chips" aria-describedby={describedBy('emotions')}>
          <legend>
            Emotions <span className="optional">(optional, any number)</span>
          </legend>
          {errors.emotions && (
            <p className="field-error" id="emotions-error">
              {errors.emotions}
            </p>
          )}
          <div className="chip-list">
            {EMOTIONS.map(({ key, label }) => (
              <label key={key} className="chip" htmlFor={`emotion-${key}`}>
                <input type="checkbox" id={`emotion-${key}`} name="emotions" value={key} defaultChecked={values.emotions.includes(key)} />
                <span>{label}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="chips" aria-describedby={describedBy('activities')}>
          <legend>
            What did you do? <span className="optional">(optional)</span>
          </legend>
          {errors.activities && (
            <p className="field-error" id="activities-error">
              {errors.activities}
            </p>
          )}
          <div className="chip-list">
            {activities.map((activity, index) => (
              <label key={activity} className="chip" htmlFor={`activity-${index}`}>
                <input type="checkbox" id={`activity-${index}`} name="activities" value={activity} checked={chosen.has(activity)} onChange={(e) => toggleActivity(activity, e.currentTarget.checked)} />
                <span>{activity}</span>
              </label>
            ))}
          </div>
          <div className="field add-activity">
            <label htmlFor="f-newActivity">Add an activity of your own</label>
            {errors.newActivity && (
              <span className="field-error" id="newActivity-error">
                {errors.newActivity}
              </span>
            )}
            <div className="inline">
              <input
                id="f-newActivity"
                name="newActivity"
                type="text"
                maxLength={WELLNESS_LIMITS.activityMaxLength * 2}
                value={newActivity}
                onChange={(e) => setNewActivity(e.currentTarget.value)}
                aria-describedby={describedBy('newActivity')}
                autoComplete="off"
              />
              <button type="button" className="button secondary" onClick={addActivity}>
                Add
              </button>
            </div>
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor="f-reflection">
            Reflection <span className="optional">(optional, private: encrypted, and shared only if you choose)</span>
          </label>
          {errors.reflection && (
            <span className="field-error" id="reflection-error">
              {errors.reflection}
            </span>
          )}
          <textarea
            id="f-reflection"
            name="reflection"
            rows={5}
            maxLength={WELLNESS_LIMITS.reflectionMaxLength}
            defaultValue={values.reflection}
            onChange={(e) => setReflectionLength(e.currentTarget.value.length)}
            aria-describedby={describedBy('reflection', 'reflection-count')}
            aria-invalid={errors.reflection ? true : undefined}
          />
          <span className="hint" id="reflection-count">
            {reflectionLength.toLocaleString('en')} of {WELLNESS_LIMITS.reflectionMaxLength.toLocaleString('en')} characters
          </span>
        </div>

        <div className="actions">
          <button type="submit" className="button" aria-busy={busy || undefined}>
            {busy ? 'Saving…' : 'Save check-in'}
          </button>
          <p className="checkin-status" role="status" tabIndex={-1} ref={statusRef}>
            {status}
          </p>
        </div>
      </form>
    </>
  );
}

interface ScaleProps {
  name: 'mood' | 'energy';
  legend: ReactNode;
  labels: Record<number, string>;
  /** A face beside each value (mood only: the energy scale is words alone). */
  faces?: Record<number, string>;
  error?: string;
  describedBy?: string;
  required?: boolean;
  /** Controlled (mood: the reflection prompt follows it) … */
  value?: number | null;
  onChange?: (value: (typeof moods)[number]) => void;
  /** … or left to the form (energy). */
  defaultValue?: number | null;
}

/** One 1–5 rating as radio buttons: the same markup with and without JavaScript, so the plain form posts it too. */
function ScaleFieldset({ name, legend, labels, faces, error, describedBy, required, value, onChange, defaultValue }: ScaleProps) {
  return (
    <fieldset className="scale" aria-describedby={describedBy} aria-invalid={required && error ? true : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
      <div className="scale-options">
        {moods.map((option) => (
          <label key={option} className="scale-option" htmlFor={`${name}-${option}`}>
            <input
              type="radio"
              id={`${name}-${option}`}
              name={name}
              value={option}
              required={required}
              {...(onChange ? { checked: value === option, onChange: () => onChange(option) } : { defaultChecked: defaultValue === option })}
            />
            {faces && (
              <span className="face" aria-hidden="true">
                {faces[option]}
              </span>
            )}
            <span>
              {option} · {labels[option]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
