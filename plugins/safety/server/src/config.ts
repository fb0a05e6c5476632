/**
 * The clinic's escalation settings, read from the environment at start (README, "Safety: one path").
 * Paths are relative to the repository root.
 */
export interface QuietHours {
  /** "HH:MM", in each therapist's own time zone. */
  start: string;
  end: string;
}

export interface SafetyConfig {
  /** Crisis lines per locale (default config/crisis/resources.json). */
  linesFile: string;
  /** One phrase list per locale, <locale>.json (default config/crisis/phrases). */
  phrasesDir: string;
  /** Whether a therapist is mailed when a client they work with writes crisis language (chat, a shared reflection). */
  mailTherapists: boolean;
  /** Mails to therapists wait until these hours end, in the therapist's zone; null: sent at once. */
  quietHours: QuietHours | null;
}

type Env = (key: string, fallback?: string) => string;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "22:00-07:00" → { start, end }; blank → null; anything else → an Error naming the variable. */
export function parseQuietHours(raw: string): QuietHours | null {
  const value = raw.trim();
  if (!value) return null;
  const [start, end, extra] = value.split('-').map((part) => part.trim());
  if (extra !== undefined || !CLOCK.test(start ?? '') || !CLOCK.test(end ?? '') || start === end) {
    throw new Error(`SAFETY_QUIET_HOURS must be blank or two different 24-hour times such as "22:00-07:00" (got "${raw}")`);
  }
  return { start, end };
}

export default {
  default: ({ env }: { env: Env }): SafetyConfig => ({
    linesFile: env('SAFETY_CRISIS_LINES_FILE', '').trim() || 'config/crisis/resources.json',
    phrasesDir: env('SAFETY_PHRASES_DIR', '').trim() || 'config/crisis/phrases',
    mailTherapists: String(env('SAFETY_MAIL_THERAPISTS', 'true')).trim().toLowerCase() !== 'false',
    quietHours: parseQuietHours(String(env('SAFETY_QUIET_HOURS', ''))),
  }),
  validator(config: SafetyConfig) {
    if (!config.linesFile) throw new Error('SAFETY_CRISIS_LINES_FILE must name a file');
    if (!config.phrasesDir) throw new Error('SAFETY_PHRASES_DIR must name a folder');
    if (config.quietHours && (!CLOCK.test(config.quietHours.start) || !CLOCK.test(config.quietHours.end))) {
      throw new Error('SAFETY_QUIET_HOURS must be two 24-hour times such as "22:00-07:00"');
    }
  },
};
