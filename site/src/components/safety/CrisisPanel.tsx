/**
 * Crisis lines for the person's locale, shown calmly but where nobody can miss them, with a way to talk
 * to someone now (the first line that answers by phone, and the first by text or web chat). One
 * component for every place: Astro pages render it as static HTML, React islands (check-in, chat)
 * render it live. With `announce` it takes focus when it appears, right after someone wrote something
 * that worried us, so a screen reader reads it first.
 */
import { useEffect, useRef } from 'react';
import type { CrisisResources } from '@haven/shared/safety';
import './crisis-panel.css';

export interface CrisisPanelProps {
  resources: CrisisResources;
  heading?: string;
  intro?: string;
  /** Sentences after the intro (e.g. "Your therapist Dr Rivera has been told"). */
  notes?: string[];
  announce?: boolean;
  headingLevel?: 1 | 2 | 3;
  /** Distinguishes two panels on one page (ids must be unique). */
  idPrefix?: string;
}

const tel = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;
const hoursText = (hours: string) => (hours === '24/7' ? 'day or night, every day' : hours);

export default function CrisisPanel({ resources, heading = 'You do not have to go through this alone', intro, notes = [], announce = false, headingLevel = 2, idPrefix = 'crisis-panel' }: CrisisPanelProps) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!announce || !ref.current) return;
    // Focus alone scrolls only until an edge shows (in the chat that can be the panel's top border):
    // the whole panel, from its heading, is brought into view.
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView({ block: 'start' });
  }, [announce]);
  const Heading = (`h${headingLevel}` as 'h1' | 'h2' | 'h3');
  const callLine = resources.lines.find((l) => l.phone);
  const writeLine = resources.lines.find((l) => l.text || (l.url && l !== callLine));
  return (
    <section className="crisis-panel" id={idPrefix} ref={ref} aria-labelledby={`${idPrefix}-title`} tabIndex={announce ? -1 : undefined} data-announce={announce ? 'true' : undefined}>
      <Heading id={`${idPrefix}-title`}>{heading}</Heading>
      {intro && <p>{intro}</p>}
      {notes.map((note) => (
        <p key={note} className="crisis-note">
          {note}
        </p>
      ))}
      <p>{resources.message}</p>
      {(callLine || writeLine) && (
        <p className="talk-now">
          {callLine?.phone && (
            <a href={tel(callLine.phone)}>
              Talk to someone now: call {callLine.name} on {callLine.phone}
            </a>
          )}
          {writeLine?.text && !writeLine.phone && <span>Text {writeLine.text} ({writeLine.name})</span>}
        </p>
      )}
      <ul className="crisis-lines" aria-label={resources.country ? `Crisis lines in ${resources.country}` : 'Crisis lines'}>
        {resources.lines.map((line) => (
          <li key={line.name}>
            <span className="line-name">{line.name}</span>
            {line.phone && (
              <span>
                Call{' '}
                <a className="phone" href={tel(line.phone)}>
                  {line.phone}
                </a>
              </span>
            )}
            {line.text && <span>{line.phone ? ' · ' : ''}Text {line.text}</span>}
            {line.hours && <span className="small"> · {hoursText(line.hours)}</span>}
            {line.description && (
              <p className="small" style={{ margin: '0.25rem 0 0' }}>
                {line.description}
              </p>
            )}
            {line.url && (
              <p style={{ margin: '0.25rem 0 0' }}>
                <a href={line.url} rel="noopener noreferrer external">
                  {line.name} website<span className="visually-hidden"> (opens another site)</span>
                </a>
              </p>
            )}
          </li>
        ))}
      </ul>
      <p>
        In an emergency, call <strong>{resources.emergency}</strong>. Somewhere else?{' '}
        <a href={resources.more.url} rel="noopener noreferrer external">
          {resources.more.name}
        </a>
        {resources.more.description ? `: ${resources.more.description}` : '.'}
      </p>
    </section>
  );
}
