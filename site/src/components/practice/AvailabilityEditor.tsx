import { useEffect, useMemo, useRef, useState } from 'react';
import type { AvailabilityPreview, WeeklyInterval } from '@haven/shared/booking';
import TimeZoneSelect from '../TimeZoneSelect';
import { availabilityBody, BLOCKS, blockField, DAY_NAMES, WEEKDAYS } from '../../lib/availability-form';
import { clockHint, formatClock, formatInstantClock, quarterHours, type Clock } from '../../lib/clock';

interface Props {
  zones: string[];
  timeZone: string;
  weeklyHours: WeeklyInterval[];
  /** The viewer's language (from Accept-Language) and its clock: every time on the page is written with them. */
  locale: string;
  clock: Clock;
  /** The preview of the saved rules, rendered by the server so the first paint has it. */
  preview: AvailabilityPreview | null;
  previewError?: string | null;
  timeZoneError?: string;
}

const PREVIEW_DELAY_MS = 350;

/** A select of quarter hours written in the viewer's clock; a saved time off the quarter-hour grid stays offered. */
function TimeSelect({ id, name, value, label, locale, clock, end }: { id: string; name: string; value: string; label: string; locale: string; clock: Clock; end: boolean }) {
  const options = useMemo(() => {
    const list = quarterHours(end).filter((t) => (end ? t !== '00:00' : true));
    if (value && !list.includes(value)) list.push(value);
    return list.sort();
  }, [end, value]);
  return (
    <div className="avail-time">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <option value="">{end ? '—' : 'Closed'}</option>
        {options.map((t) => (
          <option key={t} value={t}>
            {formatClock(t, locale, clock)}
          </option>
        ))}
      </select>
    </div>
  );
}

const dayLabel = (date: string, locale: string) => new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));

/**
 * The weekly hours of the availability form, in the viewer's clock format, and a live preview of the
 * free times they give: on every change anywhere in the enclosing form, the form's body (the same
 * one Save sends, lib/availability-form.ts) goes to the CMS's preview, which runs booking's own slot
 * code without saving. Without JavaScript the fields still submit with the form.
 */
export default function AvailabilityEditor({ zones, timeZone, weeklyHours, locale, clock, preview: initial, previewError, timeZoneError }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const [preview, setPreview] = useState(initial);
  const [error, setError] = useState<string | null>(previewError ?? null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const form = root.current?.closest('form');
    if (!form) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    const refresh = async (attempt = 0): Promise<void> => {
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      try {
        const res = await fetch('/api/booking/availability-preview', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(availabilityBody(new FormData(form))),
          signal: controller.signal,
        });
        const body = await res.json();
        if (controller.signal.aborted) return;
        if (!res.ok) {
          setError(body.error || 'The preview is not available just now.');
          setStatus('Preview paused: please check the hours.');
        } else {
          const next = body as AvailabilityPreview;
          const count = next.days.reduce((sum, d) => sum + d.slots.length, 0);
          setPreview(next);
          setError(null);
          setStatus(`Preview updated: ${count} free ${count === 1 ? 'time' : 'times'} in the next ${next.days.length} days.`);
        }
      } catch (e) {
        if ((e as Error).name === 'AbortError' || controller.signal.aborted) return;
        // One quiet retry: a dropped connection (a server restarting, a phone changing networks) is usually brief.
        if (attempt === 0) {
          timer = setTimeout(() => void refresh(1), 1000);
          return;
        }
        setError('We could not reach Haven for the preview. Your changes are not lost: save them when you are ready.');
        setStatus('Preview paused: Haven could not be reached.');
      } finally {
        if (inFlight === controller) setPending(false);
      }
    };
    const onChange = (event: Event) => {
      // The days-off and calendar forms are separate forms; only this one's fields matter here.
      if (!(event.target instanceof Element) || event.target.closest('form') !== form) return;
      setPending(true);
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), PREVIEW_DELAY_MS);
    };
    form.addEventListener('input', onChange);
    form.addEventListener('change', onChange);
    return () => {
      clearTimeout(timer);
      inFlight?.abort();
      form.removeEventListener('input', onChange);
      form.removeEventListener('change', onChange);
    };
  }, []);

  const block = (day: number, index: number) => weeklyHours.filter((h) => h.weekday === day)[index];
  const total = preview ? preview.days.reduce((sum, d) => sum + d.slots.length, 0) : 0;

  return (
    <div ref={root} className="stack">
      <div className="field">
        <label htmlFor="timeZone">Your time zone</label>
        {timeZoneError && <span className="field-error">{timeZoneError}</span>}
        <TimeZoneSelect id="timeZone" name="timeZone" zones={zones} value={timeZone} invalid={Boolean(timeZoneError)} />
      </div>
      <fieldset className="card avail-week" aria-describedby="clock-hint">
        <legend>Weekly hours</legend>
        <p className="hint" id="clock-hint" data-clock={clock}>
          {clockHint(locale, clock)} Leave a day closed when you do not work. A session may start in a block when it ends by the block's end.
        </p>
        <div className="avail-days">
          {WEEKDAYS.map((day, i) => (
            <fieldset key={day} className="avail-day">
              <legend>{DAY_NAMES[i]}</legend>
              {Array.from({ length: BLOCKS }, (_, b) => (
                <div key={b} className="avail-block" role="group" aria-label={`${DAY_NAMES[i]}, ${b === 0 ? 'first' : 'second'} block of hours`}>
                  <TimeSelect id={blockField(day, b, 'start')} name={blockField(day, b, 'start')} value={block(day, b)?.start ?? ''} label={b === 0 ? 'From' : 'And from'} locale={locale} clock={clock} end={false} />
                  <TimeSelect id={blockField(day, b, 'end')} name={blockField(day, b, 'end')} value={block(day, b)?.end ?? ''} label="To" locale={locale} clock={clock} end />
                </div>
              ))}
            </fieldset>
          ))}
        </div>
      </fieldset>
      <section className="card avail-preview" aria-labelledby="preview-title" aria-busy={pending}>
        <h2 id="preview-title">Free times clients would see</h2>
        <p className="hint">
          The next {preview?.days.length ?? 14} days in {(preview?.timeZone ?? timeZone).replaceAll('_', ' ')}, from the hours above and below, your days off, your sessions and busy calendar times. It changes as you edit; nothing is saved until you press Save.
        </p>
        <p role="status" className="small" id="preview-status">
          {status}
        </p>
        {error && (
          <p className="field-error" id="preview-error">
            {error}
          </p>
        )}
        {preview && (
          <>
            <p>
              <strong data-testid="preview-total">{total}</strong> free {total === 1 ? 'time' : 'times'}
              {preview.sessionMinutes ? ` (sessions of ${preview.sessionMinutes} minutes)` : ''}.
            </p>
            <ul className="avail-preview-days">
              {preview.days.map((d) => (
                <li key={d.date} data-date={d.date}>
                  <span className="avail-preview-day">{dayLabel(d.date, locale)}</span>{' '}
                  {d.slots.length === 0 ? (
                    <span className="avail-none">No free times</span>
                  ) : (
                    <span className="avail-preview-times">
                      {d.slots.map((s) => (
                        <span key={s.start} className="avail-chip">
                          {formatInstantClock(s.start, preview.timeZone, locale, clock)}
                        </span>
                      ))}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
