import { useEffect, useState } from 'react';
import { DateTime } from 'luxon';

interface Slot {
  start: string;
  local: string;
}

interface Props {
  therapistId: string;
  /** The viewer's zone: every time is shown in it. */
  timeZone: string;
  /** Monday of the week shown first (YYYY-MM-DD in timeZone). */
  weekStart: string;
  slots: Slot[];
  /** Where the chosen time is posted (book, or reschedule an existing session). */
  action: string;
  submitLabel: string;
  signedIn: boolean;
  /**
   * The cancellation policy shown on the page: posted with the booking, so that a policy changed in
   * the meantime books nothing (the booking keeps the policy the client read).
   */
  policy?: { freeCancellationHours: number; lateCancellationRefundPercent: number };
}

/**
 * A week of free times as one radio group (arrow keys move between times, Tab leaves the group),
 * one fieldset per day whose legend names the day, so a screen reader says "Tuesday 8 December,
 * 10:00, radio button, 3 of 12". Previous/next week load through the site's own endpoint; without
 * JavaScript they are plain links and the form still posts.
 */
export default function BookingCalendar(props: Props) {
  const [week, setWeek] = useState(props.weekStart);
  const [zone, setZone] = useState(props.timeZone);
  const [slots, setSlots] = useState<Slot[]>(props.slots);
  const [status, setStatus] = useState('');
  const [loading, setLoading] = useState(false);
  const monday = DateTime.fromISO(week, { zone });
  const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }));
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = DateTime.fromISO(slot.start, { zone }).toISODate()!;
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  const label = `${monday.toFormat('d LLLL')} to ${monday.plus({ days: 6 }).toFormat('d LLLL yyyy')}`;

  async function load(nextWeek: string, nextZone: string) {
    setLoading(true);
    setStatus('Loading free times…');
    try {
      const res = await fetch(`/api/booking/slots?therapist=${encodeURIComponent(props.therapistId)}&week=${nextWeek}&tz=${encodeURIComponent(nextZone)}`);
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { slots: Slot[] };
      setWeek(nextWeek);
      setZone(nextZone);
      setSlots(body.slots);
      setStatus(`${body.slots.length} free ${body.slots.length === 1 ? 'time' : 'times'} in the week of ${DateTime.fromISO(nextWeek, { zone: nextZone }).toFormat('d LLLL')}.`);
    } catch {
      setStatus('We could not load that week. Please try again.');
    } finally {
      setLoading(false);
    }
  }

  // Visitors who are not logged in have no zone on file: use the browser's once the page runs.
  useEffect(() => {
    if (props.signedIn) return;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browserZone && browserZone !== props.timeZone) {
      void load(DateTime.now().setZone(browserZone).startOf('week').toISODate()!, browserZone);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function go(event: React.MouseEvent<HTMLAnchorElement>, weeks: number) {
    event.preventDefault();
    void load(monday.plus({ weeks }).toISODate()!, zone);
  }

  const weekLink = (weeks: number) => `?week=${monday.plus({ weeks }).toISODate()}`;
  return (
    <form method="post" action={props.action} className="booking-calendar" aria-busy={loading}>
      <input type="hidden" name="therapist" value={props.therapistId} />
      {props.policy && (
        <>
          <input type="hidden" name="policyHours" value={props.policy.freeCancellationHours} />
          <input type="hidden" name="policyPercent" value={props.policy.lateCancellationRefundPercent} />
        </>
      )}
      <div className="week-nav">
        <a href={weekLink(-1)} onClick={(e) => go(e, -1)} rel="nofollow">
          ← Previous week
        </a>
        <h3 id="week-label">Week of {label}</h3>
        <a href={weekLink(1)} onClick={(e) => go(e, 1)} rel="nofollow">
          Next week →
        </a>
      </div>
      <p className="small">Times are in your time zone, {zone.replaceAll('_', ' ')}.</p>
      <div className="week-grid" role="group" aria-labelledby="week-label">
        {days.map((day) => {
          const free = byDay.get(day.toISODate()!) ?? [];
          return (
            <fieldset key={day.toISODate()} className="day">
              <legend>{day.toFormat('cccc d LLLL')}</legend>
              {free.length === 0 ? (
                <p className="small">No free times</p>
              ) : (
                free.map((slot) => (
                  <label key={slot.start} className="slot">
                    <input type="radio" name="start" value={slot.start} required />
                    <span>{DateTime.fromISO(slot.start, { zone }).toFormat('HH:mm')}</span>
                  </label>
                ))
              )}
            </fieldset>
          );
        })}
      </div>
      <p aria-live="polite" className="small">
        {status}
      </p>
      {props.signedIn ? (
        <>
          <div className="field">
            <label htmlFor="weeks">Repeat weekly</label>
            <select id="weeks" name="weeks" defaultValue="1">
              {[1, 4, 6, 8, 10, 12].map((n) => (
                <option key={n} value={n}>
                  {n === 1 ? 'Just this session' : `${n} weeks`}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {props.submitLabel}
          </button>
        </>
      ) : (
        <p>
          <a className="button" href={`/login?next=${encodeURIComponent(`/therapists/${props.therapistId}`)}`}>
            Log in to book
          </a>
        </p>
      )}
    </form>
  );
}
