/**
 * The safety plugin's public contract (`@haven/plugin-safety/public`): one path wherever a person writes
 * about themselves. Layer 1: it imports no other plugin; community, chat, wellness and the CMS call it.
 *
 * A place that takes free text calls `check(texts, locale)` inside the same request, before it answers:
 * when `crisis` is set, the answer carries it as `meta.crisis` (the lines), and the place does its own part
 * (a chat message marked urgent, a community item behind a care notice, a therapist told). Screening never
 * blocks a write and never stores the text.
 */
import type { CrisisResources, TextScreening } from '@haven/shared/safety';
import { config, getService } from './get-service';
import type { QuietHours } from './config';
import type { NoticeOutcome, TherapistNotice, TherapistRecipient } from './services/escalation';
import type { Screening } from './services/screening';

export type { CrisisResources, NoticeOutcome, QuietHours, Screening, TextScreening, TherapistNotice, TherapistRecipient };

/** What `check` answers: the screening, and the locale's crisis lines when it matched. */
export interface SafetyCheck {
  screening: Screening;
  crisis: CrisisResources | null;
}

export const safety = {
  /** Screens texts as people read them (pass the rendered text, not the source). */
  screen: (texts: string | readonly string[]): Screening => getService('screening').screen(texts),
  /** Screens, and when anything matched gives the crisis lines for the locale: put them in `meta.crisis`. */
  check(texts: string | readonly string[], locale: string | null): SafetyCheck {
    const screening = getService('screening').screen(texts);
    return { screening, crisis: screening.crisis ? getService('lines').resourcesFor(locale) : null };
  },
  /** Crisis lines for a locale: exact tag, then region, then language, then the clinic's default. */
  crisisLines: (locale: string | null): CrisisResources => getService('lines').resourcesFor(locale),
  /** The clinic's escalation settings (whether therapists are mailed, their quiet hours). */
  escalation: (): { mailTherapists: boolean; quietHours: QuietHours | null } => ({ mailTherapists: config().mailTherapists, quietHours: config().quietHours }),
  /** Tells therapists (addresses from people.emails with purpose 'safety') as the settings say: now, after quiet hours, or not at all. */
  notifyTherapists: (recipients: TherapistRecipient[], notice: TherapistNotice): Promise<NoticeOutcome[]> => getService('escalation').notifyTherapists(recipients, notice),
};
