/** One crisis line (a phone number, a text short code, a web chat), as the clinic configured it. */
export interface CrisisLine {
  name: string;
  phone?: string;
  text?: string;
  url?: string;
  hours?: string;
  description?: string;
}

/** The crisis lines for one locale: what every write that matched answers as `meta.crisis`. */
export interface CrisisResources {
  /** The locale asked for, and the key of the entry that answered it ("default" when none matched). */
  locale: string | null;
  matched: string;
  country: string | null;
  emergency: string;
  message: string;
  lines: CrisisLine[];
  more: { name: string; url: string; description?: string };
}

/** One match: the phrase-list entry, and where it lies in the text as given (UTF-16 offsets, end exclusive). */
export interface SafetyMatch {
  phrase: string;
  start: number;
  end: number;
}

/** What screening one text found. */
export interface TextScreening {
  crisis: boolean;
  /** Distinct phrase-list entries found, in list order. */
  phrases: string[];
  /** Every occurrence, in text order, overlapping ones merged into one range. */
  matches: SafetyMatch[];
}
