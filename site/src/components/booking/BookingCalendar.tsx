import { useEffect, useRef, useState } from 'react';
import { DateTime } from 'luxon';
import './booking.css';

interface Slot {
  start: string;
  local: string;
}

interface Props {
  therapistId: string;
  /** The viewer's zone: every time is shown in it. */
  timeZone: string;
  /** The therapist's zone: when its clock differs from the viewer's, each time also shows theirs. */
  therapistZone?: string;
  /** Monday of the week shown first (YYYY-MM-DD in timeZone). */
  weekStart: string;
  slots: Slot[];
  /** The therapist's first free start (ISO, UTC), said once above the grid in the viewer's zone. */
  nextFree?: string | null;
  /** The page opened on the week of `nextFree` (no week asked for): a visitor's own zone then opens on that week too. */
  followNextFree?: boolean;
  /** Where the chosen time goes: the confirm step (a GET, nothing is booked or moved before it). */
  action: string;
  submitLabel: string;
  signedIn: boolean;
  /** Offer "Repeat weekly" (booking; not when moving one session). */
  repeat?: boolean;
  /** The page's own address, for the "Log in to book" return and the no-JavaScript week links. */
  pagePath: string;
}

/** Night for the viewer: a time then is flagged, with a plain hint (22:00 to 07:00 their time). */
const isNight = (hour: number) => hour >= 22 || hour < 7;

/**
 * A week of free times as one radio group (a real form control: without JavaScript it still posts),
 * one fieldset per day whose legend names the day. One tab stop for the whole week (a roving tab index:
 * the chosen time, else the first); arrow keys move as in WAI-ARIA's grid pattern: up and down between
 * the times of a day, left and right to the same row of the previous or next day with free times, Home
 * and End to the first and last time of the day. Moving chooses, as in a radio group. Previous/next week
 * load through the site's own endpoint; without JavaScript they are plain links.
 */
export default function BookingCalendar(props: Props) {
  const [week, setWeek] = useState(props.weekStart);
  const [zone, setZone] = useState(props.timeZone);
  const [slots, setSlots] = useState<Slot[]>(props.slots);
  const [selected, setSelected] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [loading, setLoading] = useState(false);
  const grid = useRef<HTMLDivElement>(null);
  const monday = DateTime.fromISO(week, { zone });
  const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }));
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = DateTime.fromISO(slot.start, { zone }).toISODate()!;
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  const columns = days.map((day) => byDay.get(day.toISODate()!) ?? []);
  const label = `${monday.toFormat('d LLLL')} to ${monday.plus({ days: 6 }).toFormat('d LLLL yyyy')}`;
  const theirZone = props.therapistZone && props.therapistZone !== zone ? props.therapistZone : null;
  const theirTime = (iso: string) => {
    if (!theirZone) return null;
    const mine = DateTime.fromISO(iso, { zone });
    const theirs = mine.setZone(theirZone);
    return theirs.offset === mine.offset ? null : theirs.toFormat('HH:mm');
  };
  const anyNight = slots.some((s) => isNight(DateTime.fromISO(s.start, { zone }).hour));
  const anyTheirs = slots.some((s) => theirTime(s.start) !== null);
  // The one time in the tab order: the chosen one if it is in this week, else the first.
  const tabbable = selected && slots.some((s) => s.start === selected) ? selected : (slots[0]?.start ?? null);
  const next = props.nextFree ? DateTime.fromISO(props.nextFree, { zone: 'utc' }).setZone(zone) : null;

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
      setStatus(
        `${body.slots.length} free ${body.slots.length === 1 ? 'time' : 'times'} in the week of ${DateTime.fromISO(nextWeek, { zone: nextZone }).toFormat('d LLLL')}.`,
      );
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
      const anchor =
        props.followNextFree && props.nextFree
          ? DateTime.fromISO(props.nextFree, { zone: 'utc' }).setZone(browserZone)
          : DateTime.fromISO(props.weekStart, { zone: browserZone });
      void load(anchor.startOf('week').toISODate()!, browserZone);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function go(event: React.MouseEvent<HTMLAnchorElement>, weeks: number) {
    event.preventDefault();
    void load(monday.plus({ weeks }).toISODate()!, zone);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    const input = event.target as HTMLInputElement;
    if (input.name !== 'start' || event.altKey || event.metaKey) return;
    const col = Number(input.dataset.col);
    const row = Number(input.dataset.row);
    let target: [number, number] | null = null;
    const nearest = (from: number, step: number) => {
      for (let c = from + step; c >= 0 && c < columns.length; c += step) if (columns[c].length) return c;
      return null;
    };
    switch (event.key) {
      case 'ArrowUp':
        target = [col, Math.max(0, row - 1)];
        break;
      case 'ArrowDown':
        target = [col, Math.min(columns[col].length - 1, row + 1)];
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const c = nearest(col, event.key === 'ArrowLeft' ? -1 : 1);
        target = c === null ? [col, row] : [c, Math.min(row, columns[c].length - 1)];
        break;
      }
      case 'Home':
        target = event.ctrlKey ? [nearest(-1, 1)!, 0] : [col, 0];
        break;
      case 'End': {
        const c = event.ctrlKey ? nearest(columns.length, -1)! : col;
        target = [c, columns[c].length - 1];
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    const slot = columns[target[0]][target[1]];
    setSelected(slot.start);
    grid.current?.querySelector<HTMLInputElement>(`input[data-col="${target[0]}"][data-row="${target[1]}"]`)?.focus();
  }

  const weekLink = (weeks: number) => `${props.pagePath}?week=${monday.plus({ weeks }).toISODate()}`;
  return (
    <form method="get" action={props.action} className="booking-calendar" aria-busy={loading}>
      <input type="hidden" name="therapist" value={props.therapistId} />
      {next && (
        <p>
          <strong>Next free time:</strong> {next.toFormat('cccc d LLLL')} at {next.toFormat('HH:mm')}
        </p>
      )}
      <p className="small">
        Times are in your time zone, {zone.replaceAll('_', ' ')}.
        {anyTheirs && theirZone && <> The therapist’s own time ({theirZone.replaceAll('_', ' ')}) follows each time.</>}
      </p>
      <div className="week-nav">
        <a href={weekLink(-1)} onClick={(e) => go(e, -1)} rel="nofollow">
          ← Previous week
        </a>
        <h3 id="week-label">Week of {label}</h3>
        <a href={weekLink(1)} onClick={(e) => go(e, 1)} rel="nofollow">
          Next week →
        </a>
      </div>
      {anyNight && (
        <p className="small night-hint" id="night-hint">
          Times marked <span className="slot-night">night</span> are between 22:00 and 07:00 where you are.
        </p>
      )}
      <p className="small" id="grid-keys">
        In the list of times, the up and down arrow keys move between the times of a day, left and right between days.
      </p>
      <div className="week-grid" role="group" aria-labelledby="week-label" aria-describedby="grid-keys" ref={grid} onKeyDown={onKeyDown}>
        {days.map((day, col) => {
          const free = columns[col];
          return (
            <fieldset key={day.toISODate()} className="day">
              <legend>{day.toFormat('cccc d LLLL')}</legend>
              {free.length === 0 ? (
                <p className="small">No free times</p>
              ) : (
                free.map((slot, row) => {
                  const local = DateTime.fromISO(slot.start, { zone });
                  const theirs = theirTime(slot.start);
                  return (
                    <label key={slot.start} className="slot">
                      <input
                        type="radio"
                        name="start"
                        value={slot.start}
                        required
                        data-col={col}
                        data-row={row}
                        tabIndex={slot.start === tabbable ? 0 : -1}
                        checked={selected === slot.start}
                        onChange={() => setSelected(slot.start)}
                      />
                      <span>{local.toFormat('HH:mm')}</span>
                      {theirs && <span className="slot-theirs">their {theirs}</span>}
                      {isNight(local.hour) && <span className="slot-night">night</span>}
                    </label>
                  );
                })
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
          {props.repeat && (
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
          )}
          <button type="submit" className="button">
            {props.submitLabel}
          </button>
        </>
      ) : (
        <p>
          <a className="button" href={`/login?next=${encodeURIComponent(props.pagePath)}`}>
            Log in to book
          </a>
        </p>
      )}
    </form>
  );
}
