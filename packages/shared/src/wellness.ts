/**
 * What the wellness plugin and the site both need: the fixed emotion list, the suggested activities,
 * the limits of an entry, and the PHQ-9 and GAD-7 questionnaires with their scoring and severity
 * bands. Pure data and functions: safe in the browser.
 */
import type { CrisisResources } from './safety';

export const MOOD_LABELS = { 1: 'Very low', 2: 'Low', 3: 'Okay', 4: 'Good', 5: 'Very good' } as const;
export const ENERGY_LABELS = { 1: 'Exhausted', 2: 'Low', 3: 'Steady', 4: 'Lively', 5: 'Full of energy' } as const;

/** The emotions a person may pick (several per entry). Stored by key; the label is for display. */
export const EMOTIONS = [
  { key: 'joyful', label: 'Joyful' },
  { key: 'calm', label: 'Calm' },
  { key: 'grateful', label: 'Grateful' },
  { key: 'hopeful', label: 'Hopeful' },
  { key: 'proud', label: 'Proud' },
  { key: 'loved', label: 'Loved' },
  { key: 'content', label: 'Content' },
  { key: 'excited', label: 'Excited' },
  { key: 'tired', label: 'Tired' },
  { key: 'anxious', label: 'Anxious' },
  { key: 'worried', label: 'Worried' },
  { key: 'stressed', label: 'Stressed' },
  { key: 'overwhelmed', label: 'Overwhelmed' },
  { key: 'sad', label: 'Sad' },
  { key: 'lonely', label: 'Lonely' },
  { key: 'angry', label: 'Angry' },
  { key: 'irritable', label: 'Irritable' },
  { key: 'frustrated', label: 'Frustrated' },
  { key: 'ashamed', label: 'Ashamed' },
  { key: 'numb', label: 'Numb' },
] as const;
export type Emotion = (typeof EMOTIONS)[number]['key'];
export const EMOTION_KEYS: readonly Emotion[] = EMOTIONS.map((e) => e.key);

/** Suggested activities; people add their own (normalised by `normaliseActivity`). */
export const DEFAULT_ACTIVITIES = [
  'exercise',
  'walk',
  'outdoors',
  'friends',
  'family',
  'work',
  'study',
  'reading',
  'meditation',
  'therapy',
  'music',
  'cooking',
  'creative',
  'screen time',
] as const;

export const WELLNESS_LIMITS = {
  reflectionMaxLength: 4000,
  activitiesPerEntry: 15,
  activityMaxLength: 32,
  /** Activities of one's own, beyond the suggested ones. */
  customActivities: 50,
  emotionsPerEntry: EMOTIONS.length,
  sleepHoursMax: 24,
  /** Earliest date an entry may have. */
  earliestDate: '2000-01-01',
  /** Longest span a stats or entries request may cover, in days (a little over 10 years). */
  maxRangeDays: 3700,
} as const;

/**
 * An activity as stored: trimmed, inner whitespace collapsed, lower case, Unicode NFC. Returns null
 * when it is empty, too long, or holds anything but letters, digits, spaces, apostrophes and hyphens.
 * Linear in the input (bounded first), no backtracking.
 */
export function normaliseActivity(input: string): string | null {
  if (typeof input !== 'string' || input.length > WELLNESS_LIMITS.activityMaxLength * 4) return null;
  const value = input.normalize('NFC').trim().split(/\s+/).filter(Boolean).join(' ').toLowerCase();
  if (value.length === 0 || value.length > WELLNESS_LIMITS.activityMaxLength) return null;
  if (!/^[\p{L}\p{N}][\p{L}\p{N}\p{M} '’-]*$/u.test(value)) return null;
  return value;
}

// ---- assessments ------------------------------------------------------------------------------------

export type AssessmentKind = 'phq9' | 'gad7';
export const ASSESSMENT_KINDS: readonly AssessmentKind[] = ['phq9', 'gad7'];

export interface SeverityBand {
  key: 'minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';
  label: string;
  min: number;
  max: number;
}

export interface AssessmentDefinition {
  kind: AssessmentKind;
  name: string;
  title: string;
  /** The question every item answers. */
  stem: string;
  items: string[];
  maxScore: number;
  bands: SeverityBand[];
}

/** The answer scale shared by PHQ-9 and GAD-7. */
export const ANSWER_OPTIONS = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
] as const;

export const ASSESSMENTS: Record<AssessmentKind, AssessmentDefinition> = {
  phq9: {
    kind: 'phq9',
    name: 'PHQ-9',
    title: 'Mood check (PHQ-9)',
    stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    items: [
      'Little interest or pleasure in doing things',
      'Feeling down, depressed, or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      'Moving or speaking so slowly that other people could have noticed; or the opposite, being so fidgety or restless that you have been moving around a lot more than usual',
      'Thoughts that you would be better off dead, or of hurting yourself in some way',
    ],
    maxScore: 27,
    bands: [
      { key: 'minimal', label: 'Minimal', min: 0, max: 4 },
      { key: 'mild', label: 'Mild', min: 5, max: 9 },
      { key: 'moderate', label: 'Moderate', min: 10, max: 14 },
      { key: 'moderately-severe', label: 'Moderately severe', min: 15, max: 19 },
      { key: 'severe', label: 'Severe', min: 20, max: 27 },
    ],
  },
  gad7: {
    kind: 'gad7',
    name: 'GAD-7',
    title: 'Anxiety check (GAD-7)',
    stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
    items: [
      'Feeling nervous, anxious, or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid, as if something awful might happen',
    ],
    maxScore: 21,
    bands: [
      { key: 'minimal', label: 'Minimal', min: 0, max: 4 },
      { key: 'mild', label: 'Mild', min: 5, max: 9 },
      { key: 'moderate', label: 'Moderate', min: 10, max: 14 },
      { key: 'severe', label: 'Severe', min: 15, max: 21 },
    ],
  },
};

/** PHQ-9's item 9 (thoughts of death or self-harm), 0-based. */
export const PHQ9_SELF_HARM_ITEM = 8;

/** The severity band of a total score. Throws for a score outside the questionnaire's range. */
export function bandOf(kind: AssessmentKind, score: number): SeverityBand {
  const band = ASSESSMENTS[kind].bands.find((b) => score >= b.min && score <= b.max);
  if (!band || !Number.isInteger(score)) throw new RangeError(`${ASSESSMENTS[kind].name} scores run from 0 to ${ASSESSMENTS[kind].maxScore}`);
  return band;
}

export interface AssessmentScore {
  score: number;
  band: SeverityBand;
  /** PHQ-9 only: item 9 was answered above 0 (show crisis resources at once). */
  selfHarmFlag: boolean;
}

/** Scores a complete set of answers (each 0–3, one per item). Throws on anything else. */
export function scoreAssessment(kind: AssessmentKind, answers: readonly number[]): AssessmentScore {
  const definition = ASSESSMENTS[kind];
  if (answers.length !== definition.items.length) throw new RangeError(`${definition.name} has ${definition.items.length} questions`);
  for (const answer of answers) if (!Number.isInteger(answer) || answer < 0 || answer > 3) throw new RangeError('each answer is 0, 1, 2 or 3');
  const score = answers.reduce((sum, answer) => sum + answer, 0);
  return { score, band: bandOf(kind, score), selfHarmFlag: kind === 'phq9' && answers[PHQ9_SELF_HARM_ITEM] > 0 };
}

// ---- what the API answers: the plugin builds these views, the site reads them ------------------------

export type Bucket = 'day' | 'week' | 'month';

/** What a person writes for a day (the form the site posts; the plugin validates it with zod). */
export interface EntryFields {
  mood: number;
  energy: number | null;
  sleepHours: number | null;
  emotions: string[];
  activities: string[];
  reflection: string | null;
}

export interface EntryView extends EntryFields {
  date: string;
  /** The reflection in clear (null when there is none, or when it is not shared). */
  reflection: string | null;
  /** True when a stored reflection could not be opened (changed in the database, or its key is gone). */
  reflectionUnreadable?: true;
  hasReflection: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AssessmentView {
  id: string;
  kind: AssessmentKind;
  name: string;
  answers: number[];
  score: number;
  maxScore: number;
  band: string;
  bandLabel: string;
  selfHarmFlag: boolean;
  date: string;
  takenAt: string;
}

export interface SeriesPoint {
  /** First day of the bucket (YYYY-MM-DD); the bucket's days outside the range are not counted. */
  start: string;
  entries: number;
  mood: number | null;
  energy: number | null;
  sleepHours: number | null;
}

export interface ActivityComparison {
  activity: string;
  daysWith: number;
  moodWith: number | null;
  daysWithout: number;
  moodWithout: number | null;
  /** moodWith − moodWithout, when both exist. */
  difference: number | null;
}

export type AssessmentPoint = Pick<AssessmentView, 'date' | 'takenAt' | 'score' | 'band' | 'selfHarmFlag'>;

export interface Stats {
  range: { from: string; to: string; bucket: Bucket; today: string };
  series: SeriesPoint[];
  averages: { mood: number | null; energy: number | null; sleepHours: number | null; entries: number; daysInRange: number };
  streaks: { current: number; longest: number; lastEntryDate: string | null };
  assessments: Record<AssessmentKind, AssessmentPoint[]>;
  activities: ActivityComparison[];
  emotions: { emotion: string; days: number }[];
}

/** GET /stats: the figures, and the zone whose days they count. */
export type StatsView = Stats & { timeZone: string };

export interface SettingsView {
  /** Suggested activities followed by the person's own. */
  activities: { suggested: string[]; own: string[] };
  reminder: { enabled: boolean; time: string | null };
}

/** The therapist a share is with: public id (therapist profile documentId) and display name. */
export interface ShareTherapist {
  id: string;
  displayName: string;
}

export interface ShareView {
  therapist: ShareTherapist;
  active: boolean;
  includeReflections: boolean;
  grantedAt: string | null;
  revokedAt: string | null;
}

export type ConsentAction = 'granted' | 'updated' | 'revoked';

export interface ConsentEventView {
  at: string;
  action: ConsentAction;
  therapist: ShareTherapist;
  includeReflections: boolean;
}

export interface SharingOverview {
  shares: ShareView[];
  history: ConsentEventView[];
}

export interface ClientSummary {
  /** The share's id: the therapist's handle on this client. */
  id: string;
  displayName: string;
  timeZone: string;
  sharingSince: string | null;
  includeReflections: boolean;
  lastEntryDate: string | null;
  latest: Record<AssessmentKind, AssessmentView | null>;
  /** The latest PHQ-9 with item 9 above 0 since sharing began, if any. */
  lastSelfHarmFlag: AssessmentView | null;
  /** The latest check-in whose reflection holds crisis language, found since sharing began, if any. */
  lastCrisisReflection: CrisisReflectionView | null;
}

/**
 * A check-in whose reflection held crisis language (the safety screening's one path), as the client's
 * therapist sees it: always the day and when it was found; the words only when the client shares
 * reflections with this therapist.
 */
export interface CrisisReflectionView {
  /** The check-in's day, in the client's zone (YYYY-MM-DD). */
  date: string;
  /** When the crisis language was found (the save that held it). */
  at: string;
  /** Whether the client shares reflections with this therapist (otherwise `reflection` is always null). */
  reflectionShared: boolean;
  /** The reflection's text: only when shared (null otherwise, or when it cannot be read). */
  reflection: string | null;
}

/** What a check-in's save answers besides the entry (PUT /entries/:date, POST /entries). */
export interface EntrySaveMeta {
  created: boolean;
  /** The crisis lines of the request's locale when the reflection held crisis language; null otherwise. */
  crisis: CrisisResources | null;
  /** With `crisis`: display names of the therapists who were told (those the person shares with); may be empty. */
  therapistsTold?: string[];
}

/** A crisis reflection stays on the therapist home's alerts (GET /flags) this many days after it was found. */
export const REFLECTION_FLAG_DAYS = 14;

/**
 * GET /api/wellness/flags: a client who shares with the asking therapist and whose latest PHQ-9 answered
 * item 9 (thoughts of self-harm) above 0. On purpose only who and when, never the answers or the score:
 * the therapist's home lists it with a link to the client's shared page, where the rest is read in context.
 */
export interface SelfHarmFlagView {
  /** The share's id (as in ClientSummary): the link to /wellness/clients/:id. */
  id: string;
  displayName: string;
  /** What raised it: PHQ-9 question 9 above 0, or crisis language in a reflection (never its text here). */
  source: 'phq9' | 'reflection';
  /** The day it was answered, or the check-in's day, in the client's zone (YYYY-MM-DD). */
  date: string;
  /** When it was answered, or when the crisis language was found. */
  takenAt: string;
}
