/**
 * Colours of the wellness charts: a diverging scale for mood 1–5 (distinct for the common kinds of
 * colour blindness: red–blue, not red–green) and one colour per severity band, light to dark.
 * Charts never rely on colour alone: every one has a table with the same numbers beside it.
 */
export const MOOD_COLOURS: Record<number, string> = { 1: '#b2182b', 2: '#ef8a62', 3: '#b8b8b8', 4: '#67a9cf', 5: '#2166ac' };
export const NO_ENTRY_COLOUR = '#eeeeee';
export const ENERGY_COLOUR = '#5b4b8a';
export const MOOD_LINE_COLOUR = '#1e6b63';

export const BAND_COLOURS: Record<string, string> = {
  minimal: '#e8f3ee',
  mild: '#fdf3d4',
  moderate: '#fde2c4',
  'moderately-severe': '#f9cdbf',
  severe: '#f3b5b5',
};

export const moodColour = (mood: number | null) => (mood === null ? NO_ENTRY_COLOUR : MOOD_COLOURS[Math.min(5, Math.max(1, Math.round(mood)))]);
